from playwright.sync_api import expect

SHEET = (
    "series,title,start,speakers,recording\n"
    'ml-seminar,"Kalman filters, learned",2019-05-07 15:00,Jörg Müller (Universität Hamburg),'
    "https://youtu.be/dQw4w9WgXcQ\n"
)


def test_staff_import_a_sheet_preview_confirm_without_csp_violations(staff_page, site):
    page = staff_page
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    page.goto(f"{site}/admin/seminar/session/")
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    page.set_input_files("#id_import_file", files=[{
        "name": "programme.csv", "mimeType": "text/csv", "buffer": SHEET.encode(),
    }])  # fmt: skip
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    expect(page.locator(".import-summary")).to_have_text("1 new, 0 changed, 0 unchanged.")
    expect(page.locator("td.import-type")).to_have_text("New")
    page.click("input[name=confirm]")
    expect(page.locator(".messagelist")).to_contain_text("Import finished")
    page.goto(f"{site}/admin/seminar/session/?q=Kalman")
    expect(page.get_by_role("link", name="Kalman filters, learned")).to_be_visible()
    page.get_by_role("link", name="Export").click()
    expect(page.locator("#id_format")).to_be_visible()
    fields = page.locator(".selectable-field-export-row input[type=checkbox]")
    expect(fields.first).to_be_checked()
    page.uncheck("#select-all-toggle")
    expect(fields.first).not_to_be_checked()
    assert violations == []
