"""bench/screenshots.py: its options and names, without a browser or a running site."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "screenshots.py"


@pytest.fixture(scope="module")
def screenshots():
    spec = importlib.util.spec_from_file_location("bench_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_help_explains_the_arguments_and_exits_cleanly(screenshots, capsys):
    with pytest.raises(SystemExit) as exit_:
        screenshots.main(["--help"])
    assert exit_.value.code == 0
    usage = capsys.readouterr().out
    for word in ("url", "folder", "--user", "--password", "--admin-path", "var/screenshots/"):
        assert word in usage


def test_defaults_come_from_the_environment(screenshots, monkeypatch):
    monkeypatch.setenv("SCREENSHOT_USER", "shots")
    monkeypatch.setenv("SCREENSHOT_PASSWORD", "secret")
    monkeypatch.delenv("ADMIN_URL", raising=False)
    options = screenshots.arguments(["http://127.0.0.1:8000/"])
    assert (options.folder, options.user, options.password, options.admin_path) == (
        "var/screenshots", "shots", "secret", "admin/",
    )  # fmt: skip
    given = screenshots.arguments(["http://x/", "out", "--user", "u", "--password", "p"])
    assert (given.folder, given.user, given.password) == ("out", "u", "p")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "home"),
        ("/publications/some-paper/", "publications-some-paper"),
        (
            "/embed/seminar/ml-seminar/?count=3&theme=dark",
            "embed-seminar-ml-seminar-count-3-theme-dark",
        ),
    ],
)
def test_pages_get_file_names_from_their_paths(screenshots, path, name):
    assert screenshots.file_name(path) == name


def test_lazy_images_are_scrolled_into_loading_before_each_full_page_shot(screenshots, tmp_path):
    calls = []

    class Page:
        def __init__(self, width):
            self.width = width

        def goto(self, url, wait_until):
            calls.append((self.width, "goto"))

        def evaluate(self, script):
            calls.append((self.width, "lazy" if script == screenshots.LOAD_LAZY_IMAGES else "js"))
            return False

        def screenshot(self, path, full_page):
            calls.append((self.width, "shot" if full_page else "viewport"))

    class Browser:
        def new_context(self, viewport):
            width = viewport["width"]
            return type("Context", (), {"new_page": lambda _self: Page(width)})()

    screenshots.Camera(Browser(), tmp_path).take("http://x/", "home", "public")
    for width in screenshots.WIDTHS:
        mine = [step for w, step in calls if w == width]
        assert mine[:3] == ["goto", "lazy", "shot"]
    assert "scrollTo(0, document.scrollingElement.scrollHeight)" in screenshots.LOAD_LAZY_IMAGES
