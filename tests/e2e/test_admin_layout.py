"""The admin at a 1280 px laptop screen: the session form with its speakers does not
scroll sideways, and the one time-zone note is the help text's."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import STAFF_PASSWORD, STAFF_USER

SIDEWAYS = "document.scrollingElement.scrollWidth <= innerWidth"


@pytest.fixture
def laptop_staff(browser, site):
    # A browser far from Berlin: Django's script would add "N hours behind server time".
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, timezone_id="America/New_York"
    )
    page = context.new_page()
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", STAFF_USER)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    yield page
    context.close()


def test_session_form_with_speakers_fits_1280_px(laptop_staff, site):
    page = laptop_staff
    page.goto(f"{site}/admin/seminar/session/?q=Lorenz-96")
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("#id_speakers-0-name")).to_have_value("Kai Sørensen")
    assert page.evaluate(SIDEWAYS), page.evaluate("document.scrollingElement.scrollWidth")
    # The invitation state is up front, not thousands of pixels to the right.
    state = page.locator("#speakers-0 .fieldBox.field-invitation_state").bounding_box()
    assert state["x"] + state["width"] <= 1280 and state["y"] < page.locator(
        "#id_speakers-0-name").bounding_box()["y"]  # fmt: skip
    # Unfolding the profile (bio, portrait) keeps it within the screen too.
    page.locator("#speakers-0 details summary").first.click()
    expect(page.locator("#id_speakers-0-bio")).to_be_visible()
    assert page.evaluate(SIDEWAYS)
    # The help text names the zone; the script's "behind server time" note stays hidden.
    expect(page.get_by_text("Date and time in Europe/Berlin time")).to_be_visible()
    assert page.locator(".timezonewarning").count() > 0
    for note in page.locator(".timezonewarning").all():
        expect(note).to_be_hidden()


def test_dashboard_fits_and_names_the_group(laptop_staff, site):
    page = laptop_staff
    expect(page.locator("#site-name")).to_have_text("Model-Driven Machine Learning")
    expect(page.locator("#panel-submissions li")).to_have_count(1)
    assert page.evaluate(SIDEWAYS)
