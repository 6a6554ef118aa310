import base64
import re
from datetime import date, timedelta
from io import BytesIO

from PIL import Image
from playwright.sync_api import expect

DROP_FILE = """
([base64, name, type]) => {
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, {type}));
  const editor = document.querySelector('#id_abstract_en');
  editor.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true}));
}
"""


ORANGE = (255, 165, 0)


def png(color="teal", size=(320, 200)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def drop(page, content: bytes, name: str, mime: str):
    page.evaluate(DROP_FILE, [base64.b64encode(content).decode(), name, mime])


def test_staff_create_session_with_editor_preview_and_image(staff_page, site):
    page = staff_page
    page.goto(f"{site}/admin/seminar/session/add/")
    page.select_option("#id_series", label="Machine Learning Seminar")
    page.fill("#id_title_en", "Diffusion models for storm surges")
    day = date.today() + timedelta(days=30)
    page.fill("#id_start_0", day.strftime("%d/%m/%Y"))
    page.fill("#id_start_1", "15:00")
    page.fill("#id_youtube_video", "https://youtu.be/dQw4w9WgXcQ?t=10")
    page.check("#id_recording_consent")
    page.fill("#id_speakers-0-name", "Ada Lovelace")
    editor = page.locator("#id_abstract_en")
    editor.fill("We compare **score-based samplers** for surge ensembles.\n\n")
    editor.press("End")  # the preview refreshes on input
    expect(page.locator(".markdownx-preview strong")).to_have_text("score-based samplers")

    drop(page, b"<svg xmlns='http://www.w3.org/2000/svg'/>", "evil.svg", "image/svg+xml")
    expect(page.locator(".upload-error")).to_contain_text("not a readable image")
    drop(page, png(), "surge-map.png", "image/png")
    expect(editor).to_have_value(re.compile(r"!\[surge-map\]\(/media/editor/\w+\.png\)"))
    expect(page.locator(".upload-error")).to_have_count(0)

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.get_by_role("link", name="View on site").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Diffusion models for storm surges")
    expect(page.locator(".prose strong")).to_have_text("score-based samplers")
    image = page.locator(".prose picture img")
    expect(image).to_have_attribute("alt", "surge-map")
    expect(image).to_have_attribute("src", re.compile(r"^/media/renditions/"))
    expect(page.get_by_text("Ada Lovelace")).to_be_visible()


def test_staff_change_member_photo(staff_page, site):
    page = staff_page
    page.goto(f"{site}/people/lena-hoffmann/")
    portrait = page.locator(".member-header picture img")
    old_src = portrait.get_attribute("src")
    page.goto(f"{site}/admin/people/member/?q=Lena")
    page.get_by_role("link", name="Lena Hoffmann").click()
    page.set_input_files("#id_photo", files=[{
        "name": "lena-new.png", "mimeType": "image/png", "buffer": png("orange", (800, 1000)),
    }])  # fmt: skip
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.goto(f"{site}/people/lena-hoffmann/")
    # Uploads are stored under random names, so the new portrait is recognised by its pixels.
    expect(portrait).not_to_have_attribute("src", old_src)
    expect(portrait).to_have_attribute("src", re.compile(r"^/media/renditions/"))
    expect(portrait).to_have_attribute("width", "240")
    rendition = page.request.get(site + portrait.get_attribute("src")).body()
    assert Image.open(BytesIO(rendition)).convert("RGB").getpixel((120, 120)) == ORANGE


def test_staff_cancel_session_and_see_it_marked(staff_page, site):
    page = staff_page
    page.goto(f"{site}/admin/seminar/session/?q=Conservation+laws")
    page.get_by_role("link", name="Conservation laws as network architecture").click()
    page.select_option("#id_status", "cancelled")
    page.fill("#id_status_note_en", "The speaker is travelling; we will find a new date.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    page.get_by_role("link", name="View on site").click()
    expect(page.locator(".status-notice")).to_have_text(
        "Cancelled. The speaker is travelling; we will find a new date."
    )
    page.goto(f"{site}/seminar/")
    expect(page.locator(".badge-cancelled").first).to_have_text("Cancelled")


def test_every_help_guide_fits_a_phone(staff_page, site):
    """The guides hold wide tables and code: they scroll inside themselves, the page not."""
    staff_page.set_viewport_size({"width": 390, "height": 844})
    staff_page.goto(f"{site}/admin/help/")
    others = staff_page.eval_on_selector_all(
        ".help-guides a", "links => links.map(link => link.getAttribute('href'))"
    )
    guides = ["/admin/help/", *others]
    assert len(guides) == 4
    for guide in guides:
        staff_page.goto(f"{site}{guide}")
        width = staff_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{guide} is {width} px wide"
