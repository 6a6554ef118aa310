import re
from urllib.parse import urlsplit

from playwright.sync_api import expect


def block_other_hosts(page, site, record):
    """Nothing leaves the machine: requests to other hosts are noted and aborted."""
    own = urlsplit(site).netloc

    def handle(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            record.append(route.request.url)
            route.abort()

    page.route("**/*", handle)


def test_visitor_journey_from_landing_to_positions(page, site):
    foreign = []
    block_other_hosts(page, site, foreign)
    page.goto(site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Model-Driven Machine Learning")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Seminar").click()
    expect(page).to_have_url(f"{site}/seminar/")
    page.get_by_role("link", name="All sessions and recordings").click()
    page.get_by_label("Only sessions with a recording").check()
    page.get_by_role("button", name="Show sessions").click()
    page.locator(".session-item .item-title a").first.click()
    expect(page.get_by_role("heading", name="Recording")).to_be_visible()
    assert page.locator("iframe").count() == 0
    assert foreign == []
    page.get_by_role("link", name=re.compile("Play recording")).click()
    frame = page.locator("iframe.video-frame")
    expect(frame).to_have_attribute(
        "src", re.compile(r"^https://www\.youtube-nocookie\.com/embed/")
    )
    assert foreign and all(url.startswith("https://www.youtube-nocookie.com/") for url in foreign)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_role("link", name="David Greenberg").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("David Greenberg")
    expect(page.get_by_role("heading", name="Seminar talks")).to_be_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Positions").click()
    page.locator(".position-card h2 a").first.click()
    apply = page.get_by_role("link", name="Apply by email")
    expect(apply).to_have_attribute(
        "href", re.compile(r"^mailto:david\.greenberg@hzg\.de\?subject=")
    )


def test_keyboard_reaches_skip_link_every_link_and_the_play_button(page, site):
    page.goto(site)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    links = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
    reached = set()
    for _ in range(len(links) + 5):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.href || ''"))
    assert set(links) - reached == set()

    page.goto(f"{site}/seminar/archive/?recorded=on")
    page.locator(".session-item .item-title a").first.click()
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('video-facade-link')"):
            break
    else:
        raise AssertionError("the play button is not reachable by keyboard")
    page.route("**/*youtube-nocookie.com/**", lambda route: route.abort())
    page.keyboard.press("Enter")
    expect(page.locator("iframe.video-frame")).to_have_count(1)


def test_every_public_page_shows_its_content_without_javascript(browser, site, public_paths):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path in public_paths:
        page.goto(site + path)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.locator("h1")).to_be_visible()
        assert len(page.locator("main").inner_text()) > 80, path
    page.goto(f"{site}/seminar/archive/?recorded=on")
    page.locator(".session-item .item-title a").first.click()
    play = page.get_by_role("link", name=re.compile("Play recording"))
    expect(play).to_have_attribute("href", re.compile(r"^https://www\.youtube\.com/watch\?v="))
    context.close()
