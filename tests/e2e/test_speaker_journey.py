"""Staff invite a speaker, the speaker fills in the form through the mailed link, staff
approve, visitors see it: the whole journey through a real browser and a real server."""

import email
import re
from email import policy
from io import BytesIO

from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfWriter

from tests.e2e.conftest import AXE
from tests.e2e.test_accessibility import RULES

SESSION_TITLE = "Flows for data assimilation in Lorenz-96"
NEW_TITLE = "Normalizing flows as a learned prior, first results"


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (300, 300), "darkorange").save(buffer, format="PNG")
    return buffer.getvalue()


def pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=320, height=240)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def mails_to(folder, address: str) -> list:
    messages = []
    for path in sorted(folder.glob("*.log")):
        # The file backend writes every message of a connection, separated by a line of dashes.
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                message = email.message_from_bytes(chunk.strip(), policy=policy.default)
                if address in str(message["To"]):
                    messages.append(message)
    return messages


def test_invite_submit_review_publish(staff_page, site, mail_folder, browser):
    staff = staff_page
    staff.goto(f"{site}/admin/seminar/session/?q=Flows+for+data")
    staff.get_by_role("link", name=SESSION_TITLE).first.click()
    staff.fill("#id_speakers-1-name", "Grace Hopper")
    staff.fill("#id_speakers-1-email", "grace@example.org")
    staff.click("input[name=_continue]")
    expect(staff.locator(".messagelist")).to_contain_text("was changed successfully")
    staff.get_by_role("link", name="Speaker invitations").click()
    row = staff.locator("tr", has_text="Grace Hopper")
    expect(row).to_contain_text("Not invited")
    row.get_by_role("button", name="Invite").click()
    expect(staff.locator(".messagelist")).to_contain_text("Invited Grace Hopper")
    expect(staff.locator("tr", has_text="Grace Hopper")).to_contain_text("Invited")

    (invitation,) = mails_to(mail_folder, "grace@example.org")
    text = invitation.get_body(("plain",)).get_content()
    link = re.search(r"https?://\S+/seminar/speakers/\S+/", text).group(0)
    link = site + "/seminar/" + link.split("/seminar/", 1)[1]
    attachments = [part.get_filename() for part in invitation.iter_attachments()]
    assert any(name.endswith(".ics") for name in attachments)

    speaker = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    speaker.goto(link)
    expect(speaker.get_by_role("heading", level=1)).to_have_text("Your talk, Grace Hopper")
    speaker.get_by_label("Title of the talk").fill(NEW_TITLE)
    speaker.get_by_label("Abstract").fill("Conservation *by construction*, not by penalty.")
    expect(speaker.locator("#abstract-preview em")).to_have_text("by construction")
    speaker.get_by_label("Affiliation").fill("Navy Research")
    speaker.get_by_label("Portrait").set_input_files(
        {"name": "grace.png", "mimeType": "image/png", "buffer": png()}
    )
    speaker.get_by_label("Slides (PDF)").set_input_files(
        {"name": "slides.pdf", "mimeType": "application/pdf", "buffer": pdf()}
    )
    expect(speaker.locator(".data-use a")).to_have_attribute("href", "/privacy/")
    stream = speaker.get_by_role("group", name="May the talk be streamed live?")
    stream.get_by_label("Yes").check()
    speaker.get_by_role("button", name="Send to the organisers").click()
    expect(speaker.locator("#id_recording_consent_error")).to_contain_text("Please answer")
    expect(speaker.get_by_label("Title of the talk")).to_have_value(NEW_TITLE)
    speaker.get_by_label("Portrait").set_input_files(
        {"name": "grace.png", "mimeType": "image/png", "buffer": png()}
    )
    speaker.get_by_label("Slides (PDF)").set_input_files(
        {"name": "slides.pdf", "mimeType": "application/pdf", "buffer": pdf()}
    )
    recording = speaker.get_by_role("group", name="May the recording of the talk be published")
    recording.get_by_label("No").check()
    speaker.get_by_role("button", name="Send to the organisers").click()
    expect(speaker.get_by_role("status")).to_contain_text("Thank you! We have your details.")

    check_accessibility(browser, link)

    visitor = browser.new_context().new_page()
    visitor.goto(f"{site}/seminar/")
    visitor.get_by_role("link", name=SESSION_TITLE).first.click()
    session_url = visitor.url
    expect(visitor.get_by_role("heading", level=1)).to_have_text(SESSION_TITLE)
    expect(visitor.locator(".speaker-list")).not_to_contain_text("Navy Research")
    expect(visitor.locator(".slides-link")).to_have_count(0)

    staff.goto(staff.url)
    staff.locator("tr", has_text="Grace Hopper").get_by_role("link", name="Review").click()
    expect(staff.locator(".review-changes")).to_contain_text(SESSION_TITLE)
    expect(staff.locator(".review-changes")).to_contain_text(NEW_TITLE)
    expect(staff.locator(".review-changes")).to_contain_text("Navy Research")
    staff.get_by_label("Affiliation").fill("Navy Research Lab")
    staff.get_by_role("button", name="Show the changes with my edits").click()
    expect(staff.locator(".review-diff ins").first).to_be_visible()
    expect(staff.locator(".review-changes")).to_contain_text("Navy Research Lab")
    staff.get_by_role("button", name="Approve and publish these changes").click()
    expect(staff.locator(".messagelist")).to_contain_text("Approved Grace Hopper")

    # A new visitor: pages are public for PROXY_CACHE_SECONDS, so the first visitor's
    # browser may still hold its copy from before the approval.
    visitor = browser.new_context().new_page()
    visitor.goto(session_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(visitor.locator(".speaker-list")).to_contain_text("Grace Hopper, Navy Research Lab")
    expect(visitor.locator(".speaker-list picture img")).to_have_count(1)
    expect(visitor.locator(".slides-link a")).to_contain_text(re.compile(r"Slides \(PDF, \d+"))
    expect(visitor.locator(".prose em")).to_have_text("by construction")


def check_accessibility(browser, link):
    """axe on the form as first shown and with errors (axe needs CSP bypassed to load)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(link)
    found = axe_violations(page)
    page.get_by_label("Title of the talk").fill("")
    page.get_by_role("button", name="Send to the organisers").click()
    expect(page.locator("#id_title_error")).to_have_text("This field is required.")
    expect(page.get_by_label("Title of the talk")).to_have_attribute("aria-invalid", "true")
    found += axe_violations(page)
    context.close()
    assert found == []


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
