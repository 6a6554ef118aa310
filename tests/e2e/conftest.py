"""Browser tests: Debian's Chromium driven by Playwright against a real gunicorn with demo content.

Run with `make test-e2e`. Without /usr/bin/chromium they are skipped locally; with CI set
a missing browser fails the run.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
STAFF_USER = "e2e-editor"
STAFF_PASSWORD = "e2e-Pass-4-browser-tests"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Public pages the sitemap leaves out (made for other sites' iframes), checked all the same.
EMBED_PATHS = ["/embed/seminar/", "/embed/seminar/ml-seminar/?count=3&theme=dark"]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def pytest_collection_modifyitems(config, items):
    """Skip the browser tests, and only those, when there is no browser outside CI.

    This hook sees every collected test of the run, not only this folder's: a bare
    `pytest` must still run (and may fail) everything else.
    """
    if os.path.exists(CHROMIUM) or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install chromium)")
    for item in items:
        if Path(item.path).is_relative_to(E2E_DIR):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def site_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e-site")


@pytest.fixture(scope="session")
def mail_folder(site_folder):
    """Where the site under test writes its mail, one file per connection."""
    return site_folder / "mail"


@pytest.fixture(scope="session")
def embedding_port() -> int:
    """Port of a test page that may frame the seminar list (EMBED_ALLOWED_ORIGINS)."""
    return _free_port()


@pytest.fixture(scope="session")
def site(site_folder, mail_folder, embedding_port):
    """The base URL of a gunicorn serving a fresh demo site from its own database."""
    work = site_folder
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "MEDIA_ROOT": str(work / "media"),
        "EMAIL_FILE_PATH": str(mail_folder),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "GUNICORN_WORKERS": "2",
        "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD,
        "EMBED_ALLOWED_ORIGINS": f"http://127.0.0.1:{embedding_port}",
    }

    def manage(*arguments):
        subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment,
                       check=True, stdout=subprocess.DEVNULL)  # fmt: skip

    manage("migrate", "--noinput")
    manage("load_demo_content")
    manage("collectstatic", "--noinput")
    manage("createsuperuser", "--noinput", "--username", STAFF_USER, "--email", "e2e@example.org")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py",
         "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=ROOT, env=environment,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("gunicorn did not come up")
    yield base
    server.terminate()
    server.wait(timeout=20)


@pytest.fixture(scope="session")
def public_paths(site) -> list[str]:
    """Every public page, as the sitemap lists them, and the embeddable pages."""
    with urllib.request.urlopen(f"{site}/sitemap.xml") as response:
        root = ET.fromstring(response.read())
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = ["/" + loc.text.split("/", 3)[3] for loc in root.findall("s:url/s:loc", namespace)]
    return listed + EMBED_PATHS


@pytest.fixture(params=["en", "de"])
def language_paths(request, public_paths) -> list[str]:
    """The public pages of one language: English at the old addresses (and the embeddable
    pages, which have only those), German under /de/. Tests that check every page take
    this fixture, so each check runs, and reports, per language."""
    german = request.param == "de"
    paths = [path for path in public_paths if path.startswith("/de/") == german]
    assert len(paths) >= 30, request.param
    return paths


@pytest.fixture
def staff_page(page, site):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", STAFF_USER)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
    return page
