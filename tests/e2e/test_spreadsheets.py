from playwright.sync_api import expect

# No recording: a sheet never records the speakers' consent, so a recording for a new
# session would be refused (tests/seminar/test_session_sheet.py pins that).
SHEET = (
    "series,title,start,speakers\n"
    'ml-seminar,"Kalman filters, learned",2019-05-07 15:00,Jörg Müller (Universität Hamburg)\n'
)


def test_staff_import_a_sheet_preview_confirm_without_csp_violations(staff_page, site):
    page = staff_page
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    page.goto(f"{site}/admin/seminar/session/")
    page.get_by_role("link", name="Import", exact=True).click()
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    page.set_input_files("#id_import_file", files=[{
        "name": "programme.csv", "mimeType": "text/csv", "buffer": SHEET.encode(),
    }])  # fmt: skip
    # The format is detected from the file's name.
    page.click("input[type=submit]")
    expect(page.locator(".import-summary")).to_have_text("1 new, 0 changed, 0 unchanged.")
    expect(page.locator("td.import-type")).to_have_text("New")
    page.click("input[name=confirm]")
    expect(page.locator(".messagelist")).to_contain_text("Import finished")
    page.goto(f"{site}/admin/seminar/session/?q=Kalman")
    expect(page.get_by_role("link", name="Kalman filters, learned")).to_be_visible()
    page.get_by_role("link", name="Export").click()
    expect(page.locator("#id_format")).to_be_visible()
    fields = page.locator(".sheet-export input[name=columns]")
    expect(fields.first).to_be_checked()
    page.uncheck("#select-all-toggle")
    expect(fields.first).not_to_be_checked()
    assert violations == []


def test_the_import_preview_fits_1280_pixels_with_confirm_below_the_rows(staff_page, site):
    """Every column of the session sheet, and a long abstract without spaces: the page does
    not scroll sideways, and the confirm button comes after the table."""
    page = staff_page
    page.set_viewport_size({"width": 1280, "height": 900})
    long = "A" * 3000
    sheet = (
        "series,number,title,slug,start,duration_minutes,status,status_note,format,location,"
        "livestream_url,recording,speakers,speaker_orcids,speaker_homepages,speaker_members,"
        "references,abstract,published,publish_at,uid\n"
        f"ml-seminar,,Wide talk,,2019-05-14 15:00,90,scheduled,,hybrid,Room 1,,,"
        f"Ada (Uni),,,,,{long},no,,\n"
    )
    page.goto(f"{site}/admin/seminar/session/import/")
    page.set_input_files("#id_import_file", files=[{
        "name": "wide.csv", "mimeType": "text/csv", "buffer": sheet.encode(),
    }])  # fmt: skip
    page.click("input[type=submit]")
    expect(page.locator(".import-summary")).to_have_text("1 new, 0 changed, 0 unchanged.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    table = page.locator("table.import-preview").bounding_box()
    confirm = page.locator("input[name=confirm]").bounding_box()
    assert table["x"] + table["width"] <= 1280
    assert confirm["y"] > table["y"] + table["height"] - 1
    expect(page.locator("table.import-preview")).to_contain_text("Duration (minutes)")
    expect(page.locator("table.import-preview")).not_to_contain_text("duration_minutes")
