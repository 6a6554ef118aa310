"""The session admin's Import calendar in a browser: CSP, 1280 px, confirm below the rows."""

from playwright.sync_api import expect

LONG = "A" * 3000


def calendar() -> bytes:
    event = (
        "BEGIN:VEVENT\r\nUID:wide@e2e.example\r\nSUMMARY:A wide talk\r\n"
        "DTSTART;TZID=Europe/Berlin:20190521T150000\r\nDURATION:PT90M\r\n"
        f"DESCRIPTION:Speaker: Ada Lovelace (Analytical Engines)\\n{LONG}\r\nEND:VEVENT\r\n"
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{event}END:VCALENDAR\r\n".encode()


def test_staff_import_a_calendar_preview_fits_and_confirms(staff_page, site):
    page = staff_page
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/admin/seminar/session/")
    page.get_by_role("link", name="Import calendar").click()
    page.select_option("#id_series", label="Machine Learning Seminar")
    page.set_input_files("#id_import_file", files=[{
        "name": "old.ics", "mimeType": "text/calendar", "buffer": calendar(),
    }])  # fmt: skip
    page.click("input[type=submit]")
    expect(page.locator(".import-summary")).to_have_text("1 new, 0 changed, 0 unchanged.")
    expect(page.locator("table.import-preview")).to_contain_text(
        "Ada Lovelace (Analytical Engines)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    table = page.locator("table.import-preview").bounding_box()
    confirm = page.locator("input[name=confirm]").bounding_box()
    assert table["x"] + table["width"] <= 1280
    assert confirm["y"] > table["y"] + table["height"] - 1
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist")).to_contain_text("Calendar imported: 1 new")
    expect(page.get_by_role("link", name="A wide talk")).to_be_visible()
    assert violations == []
