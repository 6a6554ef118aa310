"""Screenshots of a running site: every public page and the main admin screens, at two widths.

Start a site with demo content first (`make run`, or any deployed copy), then:

    .venv/bin/python bench/screenshots.py http://127.0.0.1:8000/ var/screenshots/ \\
        --user admin --password '…'

or `make screenshots` (SITE_URL, SCREENSHOTS_DIR, SCREENSHOT_USER and SCREENSHOT_PASSWORD).
Public pages are every address of the sitemap plus the list pages; the admin screens are
the index, a session's change form, the sessions' spreadsheet import page and a speaker
review (the first submission awaiting review). Without credentials (--user/--password or
SCREENSHOT_USER/SCREENSHOT_PASSWORD) only the public pages are taken.

Each page is taken whole (full height) at 1280 and 390 px wide, in a desktop browser
window of that width, into FOLDER/public/ and FOLDER/admin/ as <page>--<width>.png. A page
that scrolls sideways is named in the summary. Playwright drives Debian's Chromium
(/usr/bin/chromium; `make install-e2e` installs Playwright, never a browser of its own).
"""

import argparse
import os
import re
import sys
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]  # fmt: skip
WIDTHS = (1280, 390)
HEIGHT = 900
# List pages the sitemap may leave out, taken all the same.
LIST_PATHS = ["/", "/seminar/", "/seminar/archive/", "/news/", "/people/", "/publications/",
              "/positions/"]  # fmt: skip
SITEMAP_NAMESPACE = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SCROLLS_SIDEWAYS = "() => document.scrollingElement.scrollWidth > window.innerWidth"
# Lazy images load only near the viewport: scroll down the whole page step by step, wait
# (at most 5 s) until every image has loaded or failed, then back to the top, so a
# full-page screenshot shows them instead of blank boxes.
LOAD_LAZY_IMAGES = """async () => {
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  const step = Math.max(200, Math.floor(window.innerHeight / 2));
  for (let y = 0; y < document.scrollingElement.scrollHeight; y += step) {
    window.scrollTo(0, y);
    await pause(50);
  }
  window.scrollTo(0, document.scrollingElement.scrollHeight);
  const pending = Array.from(document.images).filter((image) => !image.complete);
  await Promise.race([
    Promise.all(pending.map((image) => new Promise((done) => {
      image.addEventListener("load", done, {once: true});
      image.addEventListener("error", done, {once: true});
    }))),
    pause(5000),
  ]);
  window.scrollTo(0, 0);
}"""


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Screenshots of the public pages and the main admin screens of a "
        "running site, at 1280 and 390 px wide.",
    )
    parser.add_argument("url", help="the running site, e.g. http://127.0.0.1:8000/")
    parser.add_argument(
        "folder", nargs="?", default="var/screenshots",
        help="where the PNG files go (default: var/screenshots/)",
    )  # fmt: skip
    parser.add_argument(
        "--user", default=os.environ.get("SCREENSHOT_USER", ""),
        help="admin user name (default: $SCREENSHOT_USER); without it no admin screens",
    )  # fmt: skip
    parser.add_argument(
        "--password", default=os.environ.get("SCREENSHOT_PASSWORD", ""),
        help="admin password (default: $SCREENSHOT_PASSWORD)",
    )  # fmt: skip
    parser.add_argument(
        "--admin-path", default=os.environ.get("ADMIN_URL", "admin/"),
        help="where the admin lives on the site (default: $ADMIN_URL or admin/)",
    )  # fmt: skip
    parser.add_argument(
        "--only", action="append", default=[], metavar="PATH",
        help="take only this public path (repeatable); the admin screens are still taken",
    )  # fmt: skip
    return parser.parse_args(argv)


def public_paths(base: str) -> list[str]:
    """The sitemap's addresses on this site, then the list pages, each once."""
    with urllib.request.urlopen(urljoin(base, "/sitemap.xml"), timeout=30) as response:
        root = ET.fromstring(response.read())
    listed = []
    for loc in root.findall("s:url/s:loc", SITEMAP_NAMESPACE):
        parts = urlsplit(loc.text.strip())
        listed.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return list(dict.fromkeys([*LIST_PATHS, *listed]))


def file_name(path: str) -> str:
    """/publications/some-paper/ -> publications-some-paper; / -> home."""
    name = re.sub(r"[^A-Za-z0-9]+", "-", path).strip("-")
    return name[:120] or "home"


class Camera:
    """One browser context per width; writes <folder>/<name>--<width>.png."""

    def __init__(self, browser, folder: Path):
        self.folder = folder
        self.contexts = {
            width: browser.new_context(viewport={"width": width, "height": HEIGHT})
            for width in WIDTHS
        }
        self.pages = {width: context.new_page() for width, context in self.contexts.items()}
        self.wide = []

    def take(self, url: str, name: str, subfolder: str) -> None:
        target = self.folder / subfolder
        target.mkdir(parents=True, exist_ok=True)
        for width, page in self.pages.items():
            response = page.goto(url, wait_until="load")
            status = response.status if response else 0
            page.evaluate(LOAD_LAZY_IMAGES)
            page.screenshot(path=str(target / f"{name}--{width}.png"), full_page=True)
            if page.evaluate(SCROLLS_SIDEWAYS):
                self.wide.append(f"{subfolder}/{name} at {width} px")
            if status >= 400:
                print(f"  {url} answered {status}", file=sys.stderr)

    def log_in(self, login_url: str, user: str, password: str) -> bool:
        for page in self.pages.values():
            page.goto(login_url)
            page.fill("#id_username", user)
            page.fill("#id_password", password)
            page.click("input[type=submit]")
            page.wait_for_load_state()
            if "/login/" in page.url:
                return False
        return True

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


def admin_screens(page, admin: str) -> list[tuple[str, str]]:
    """(name, url) of the admin screens worth a picture; found by following links, so the
    script needs no database access and works against any copy of the site."""
    screens = [("index", admin)]
    sessions = urljoin(admin, "seminar/session/")
    page.goto(sessions)
    first = page.locator("#result_list tbody tr th a, #result_list tbody tr td a").first
    if first.count():
        screens.append(("session-change", urljoin(sessions, first.get_attribute("href"))))
    screens.append(("session-import", urljoin(sessions, "import/")))
    waiting = page.locator("#result_list tbody tr", has_text="Submitted, awaiting review")
    if waiting.count():
        link = waiting.first.locator("th a, td a").first.get_attribute("href")
        session_id = re.search(r"/(\d+)/change/", urljoin(sessions, link))
        if session_id:
            page.goto(urljoin(sessions, f"{session_id[1]}/speakers/"))
            review = page.locator("a", has_text="Review").first
            if review.count():
                screens.append(("speaker-review", urljoin(page.url, review.get_attribute("href"))))
    return screens


def main(argv=None) -> int:
    options = arguments(argv)
    from playwright.sync_api import sync_playwright  # only once --help has had its say

    base = options.url if options.url.endswith("/") else f"{options.url}/"
    folder = Path(options.folder)
    paths = options.only or public_paths(base)
    admin = urljoin(base, options.admin_path.strip("/") + "/")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        camera = Camera(browser, folder)
        for path in paths:
            camera.take(urljoin(base, path), file_name(path), "public")
        print(f"{len(paths)} public pages at {', '.join(map(str, WIDTHS))} px")
        if not options.user:
            print("No admin screens: give --user and --password (or SCREENSHOT_USER and "
                  "SCREENSHOT_PASSWORD).")  # fmt: skip
        elif not camera.log_in(urljoin(admin, "login/"), options.user, options.password):
            camera.close()
            browser.close()
            print("The admin refused the user name or password.", file=sys.stderr)
            return 1
        else:
            screens = admin_screens(camera.pages[WIDTHS[0]], admin)
            for name, url in screens:
                camera.take(url, name, "admin")
            print(f"{len(screens)} admin screens: {', '.join(name for name, _ in screens)}")
        camera.close()
        browser.close()
    for page in camera.wide:
        print(f"Scrolls sideways: {page}")
    print(f"Screenshots in {folder}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
