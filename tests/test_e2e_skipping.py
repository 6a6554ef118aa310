"""A missing browser may skip the browser suite, never the rest of a bare `pytest` run."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.e2e import conftest as e2e

HERE = Path(__file__).resolve().parent


def collected(path: Path):
    item = SimpleNamespace(path=path, markers=[])
    item.add_marker = item.markers.append
    return item


@pytest.fixture
def no_browser(monkeypatch):
    monkeypatch.setattr(e2e, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.delenv("CI", raising=False)


def test_only_browser_tests_are_skipped_without_chromium(no_browser):
    browser = collected(HERE / "e2e" / "test_visitor.py")
    ordinary = collected(HERE / "seminar" / "test_ical.py")
    smoke = collected(HERE / "test_smoke.py")
    e2e.pytest_collection_modifyitems(config=None, items=[browser, ordinary, smoke])
    assert [marker.name for marker in browser.markers] == ["skip"]
    assert ordinary.markers == [] and smoke.markers == []


def test_nothing_is_skipped_in_ci_without_chromium(no_browser, monkeypatch):
    monkeypatch.setenv("CI", "1")
    browser = collected(HERE / "e2e" / "test_visitor.py")
    e2e.pytest_collection_modifyitems(config=None, items=[browser])
    assert browser.markers == []
