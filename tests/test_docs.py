"""The documentation keeps up with the code: every environment variable the code reads is
in docs/configuration.md, and every relative link in README.md and docs/ leads somewhere."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATION = ROOT / "docs" / "configuration.md"
# Tests and benchmarks set variables for themselves; they configure no site.
NOT_SITE_CODE = {".venv", ".tools", "node_modules", "var", "tests", "bench", ".git"}

# env.text("NAME"…), env.integer(…), text("NAME") inside config/env.py, os.environ.get,
# os.environ.setdefault, os.getenv, and os.environ["NAME"] when read (not assigned).
ENV_CALL = re.compile(
    r"\b(?:text|required|flag|integer|items|origins|getenv|environ\.get|environ\.setdefault)"
    r"""\(\s*["']([A-Z][A-Z0-9_]*)["']"""
)
ENV_SUBSCRIPT = re.compile(r"""environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\](?!\s*=[^=])""")
TABLE_ROW = re.compile(r"^\|([^|]*)\|", re.MULTILINE)
CODE_NAME = re.compile(r"`([A-Z][A-Z0-9_]*)`")

MARKDOWN_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCED_BLOCK = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def site_source_files():
    for path in ROOT.rglob("*.py"):
        if not NOT_SITE_CODE.intersection(path.relative_to(ROOT).parts):
            yield path


def variables_read_by_code(paths) -> dict[str, str]:
    """Each variable name the code reads, with the name of one file that reads it."""
    found = {}
    for path in paths:
        source = path.read_text(encoding="utf-8")
        for name in ENV_CALL.findall(source) + ENV_SUBSCRIPT.findall(source):
            found.setdefault(name, path.name)
    return found


def variables_in_table(markdown: str) -> set[str]:
    """The names in the first column of the table (a row may name several)."""
    return {name for cell in TABLE_ROW.findall(markdown) for name in CODE_NAME.findall(cell)}


def test_the_scanner_finds_reads_of_every_kind(tmp_path):
    source = tmp_path / "settings.py"
    source.write_text(
        'A = env.integer("ALPHA", 1)\n'
        "B = text('BETA')\n"
        'C = os.environ.get("GAMMA")\n'
        'os.environ.setdefault("DELTA", "x")\n'
        'E = os.environ["EPSILON"]\n'
        'os.environ["WRITTEN_ONLY"] = "1"\n'
    )
    assert set(variables_read_by_code([source])) == {"ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON"}


def test_every_variable_the_code_reads_is_in_the_configuration_table():
    read = variables_read_by_code(site_source_files())
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "GUNICORN_WORKERS", "VAR_DIR"} <= set(read)
    documented = variables_in_table(CONFIGURATION.read_text(encoding="utf-8"))
    missing = {name: where for name, where in read.items() if name not in documented}
    assert not missing, f"Add these to the table in docs/configuration.md: {missing}"


def test_the_configuration_table_lists_no_variable_the_code_ignores():
    read = set(variables_read_by_code(site_source_files()))
    documented = variables_in_table(CONFIGURATION.read_text(encoding="utf-8"))
    assert documented - read == set()


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", CODE_SPAN.sub(lambda span: span[0][1:-1], heading).lower())
    return text.strip().replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCED_BLOCK.sub("", path.read_text(encoding="utf-8"))
    return {github_anchor(heading) for heading in HEADING.findall(text)}


def relative_links(path: Path) -> list[str]:
    text = CODE_SPAN.sub("", FENCED_BLOCK.sub("", path.read_text(encoding="utf-8")))
    return [
        target for target in LINK.findall(text) if not re.match(r"[a-z]+:|/", target)
    ]  # fmt: skip


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in relative_links(path):
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target} (no such heading)")
    return broken


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=lambda path: path.name)
def test_every_relative_link_leads_to_a_file_and_heading(path):
    assert broken_links(path) == []


def test_a_link_to_a_missing_file_or_heading_is_reported(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## Times and zones\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[ok](other.md#times-and-zones) [gone](missing.md) "
        "[no heading](other.md#dates) [here](#page) [site](https://example.org) `[code](x.md)`\n"
    )
    assert broken_links(page) == ["missing.md (no such file)", "other.md#dates (no such heading)"]


def test_the_readme_stays_short():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 200
