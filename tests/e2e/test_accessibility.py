import pytest

from tests.e2e.conftest import AXE

RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_page(browser):
    # axe is injected as a script, which our Content-Security-Policy (rightly) forbids.
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


def test_axe_finds_no_violations_on_any_public_page(axe_page, site, language_paths):
    assert AXE.exists(), "run `npm ci` to install axe-core"
    found = {}
    for path in language_paths:
        axe_page.goto(site + path)
        axe_page.add_script_tag(path=str(AXE))
        result = axe_page.evaluate(
            "rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES
        )
        for violation in result["violations"]:
            targets = [node["target"] for node in violation["nodes"]][:3]
            found.setdefault(path, []).append(f"{violation['id']}: {targets}")
    assert found == {}
