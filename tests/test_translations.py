"""Every visible word goes through the translation machinery, and the German catalogue is
complete and compiled.

The template scan reads every template under templates/ and reports, as file:line, each
visible text not inside {% translate %} / {% blocktranslate %}. Its rules:

- Visible: text between tags, and the attributes alt, title, placeholder, aria-label and
  the content of <meta name="description">. In .txt templates (plain-text mails and their
  subjects) all text is visible; .html mail templates are read like pages.
- Not language: template variables and tags ({{ … }}, {% … %}, whose own strings are
  Python's concern; a tag named by a variable, <{{ level }}>, is a tag), comments
  ({# … #}, {% comment %}, <!-- -->), <script>/<style> bodies, <code>/<pre>/<kbd>/<samp>
  and <textarea> (machine text: API paths, commands, an embed code to copy), the Open
  Graph type block ({% block og_type %}article{% endblock %}), HTML entities, numbers,
  punctuation, addresses (http://…, mailto:, name@host, host.tld/path), the names of
  services and formats that no language translates (ORCID, BibTeX, arXiv …) and single
  letters. A text is an offender when a run of two or more letters is left.
"""

import gettext
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
LOCALE = Path(settings.BASE_DIR) / "locale"
VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}
MACHINE_TEXT = {"code", "pre", "kbd", "samp", "script", "style", "textarea"}
WORD = re.compile(r"[^\W\d_]{2,}")
ADDRESS = re.compile(r"(https?://|mailto:)\S+|\S+@\S+\.\S+|\b[\w-]+(\.[\w-]+)+/\S*")
#: Names of services and formats: the same words in every language.
NAMES = re.compile(r"\b(ORCID|BibTeX|CSL-JSON|arXiv|GitHub|Google Scholar)\b")
#: A tag whose name is a template variable (<{{ heading_level }} …>).
VARIABLE_TAG = re.compile(r"<(/?)\{\{[^}]*\}\}")


def _blank(match: re.Match) -> str:
    """Removed text keeps its line breaks, so line numbers stay those of the file."""
    return "\n" * match.group(0).count("\n")


REMOVED = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{%\s*block og_type\s*%\}.*?\{%\s*endblock\b.*?%\}", re.S),
    re.compile(r"\{%\s*block(?:trans|translate)\b.*?\{%\s*endblock(?:trans|translate)\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S),
]


def template_source_without_markup(text: str) -> str:
    text = VARIABLE_TAG.sub(r"<\1span", text)
    for pattern in REMOVED:
        text = pattern.sub(_blank, text)
    return text


def untranslated(text: str) -> bool:
    return bool(WORD.search(NAMES.sub(" ", ADDRESS.sub(" ", text))))


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._machine = 0

    def handle_starttag(self, tag, attrs):
        if tag in MACHINE_TEXT:
            self._machine += 1
        attributes = dict(attrs)
        line = self.getpos()[0]
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value and untranslated(value):
                self.found.append((line, f'{name}="{value.strip()}"'))
        if tag == "meta" and attributes.get("name") == "description":
            content = attributes.get("content") or ""
            if untranslated(content):
                self.found.append((line, f'meta description "{content.strip()}"'))

    def handle_endtag(self, tag):
        if tag in MACHINE_TEXT and self._machine:
            self._machine -= 1

    def handle_data(self, data):
        if not self._machine and untranslated(data):
            self.found.append(
                (
                    self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n"),
                    " ".join(data.split()),
                )
            )


def offenders_in(path: Path) -> list[str]:
    text = template_source_without_markup(path.read_text())
    relative = path.relative_to(settings.BASE_DIR)
    if path.suffix == ".txt":
        return [
            f"{relative}:{number}: {' '.join(line.split())}"
            for number, line in enumerate(text.splitlines(), start=1)
            if untranslated(line)
        ]
    parser = VisibleText()
    parser.feed(text)
    parser.close()
    return [f"{relative}:{line}: {snippet}" for line, snippet in parser.found]


def all_offenders() -> list[str]:
    return [
        offender
        for path in sorted(TEMPLATES.rglob("*"))
        if path.suffix in (".html", ".txt")
        for offender in offenders_in(path)
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Hello</p>", ["x.html:1: Hello"]),
        ('<p>{% translate "Hello" %}</p>', []),
        ("<p>\n{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}</p>", []),
        ('<img alt="A portrait" src="x">', ['x.html:1: alt="A portrait"']),
        ('<img alt="{{ member.name }}" src="x">', []),
        (
            '<meta name="description" content="Our group">',
            ['x.html:1: meta description "Our group"'],
        ),
        ("<p>{{ a }} · {{ b }} – 2024 &amp; (3)</p>", []),
        ("<pre>GET /api/v1/sessions</pre><code>make run</code>", []),
        ("<pre><b>Run</b> this</pre>", []),
        ('<textarea readonly>&lt;iframe title="{{ t }}"&gt;</textarea>', []),
        ("<textarea></textarea><p>Words</p>", ["x.html:1: Words"]),
        ("{% block og_type %}article{% endblock %}<p>Profile</p>", ["x.html:1: Profile"]),
        ('<{{ level }} class="x">{{ title }}</{{ level }}>', []),
        ('<a href="https://a.org/p">a.org/privacy</a>', []),
        ('<a title="ORCID {{ id }}">ORCID</a> · BibTeX · arXiv:', []),
        ("<p>ORCID profile</p>", ["x.html:1: ORCID profile"]),
        ("{# Note #}<!-- note -->{% comment %}Words{% endcomment %}", []),
        ("<p>\n\n  Far down</p>", ["x.html:3: Far down"]),
        ('<a href="mailto:a@b.de">a@b.de</a>', []),
    ],
)
def test_the_scan_finds_exactly_the_unmarked_words(tmp_path, settings, source, expected):
    settings.BASE_DIR = tmp_path
    path = tmp_path / "x.html"
    path.write_text(source)
    assert offenders_in(path) == expected


def test_a_plain_text_mail_template_is_read_line_by_line(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    path = tmp_path / "mail.txt"
    path.write_text('{% load i18n %}{% translate "Dear" %} {{ name }},\n\nThe link works.\n')
    assert offenders_in(path) == ["mail.txt:3: The link works."]


def test_every_visible_template_text_is_marked_for_translation():
    offenders = all_offenders()
    assert offenders == [], f"{len(offenders)} unmarked texts:\n" + "\n".join(offenders)


MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(
    MSGFMT is None, reason="msgfmt (GNU gettext) is not installed: apt-get install gettext"
)


def catalogues() -> list[Path]:
    return sorted(LOCALE.rglob("*.po"))


def test_there_is_a_german_catalogue():
    assert LOCALE / "de" / "LC_MESSAGES" / "django.po" in catalogues()


@needs_msgfmt
@pytest.mark.parametrize("po", catalogues(), ids=lambda po: str(po.relative_to(LOCALE)))
def test_the_catalogue_has_no_untranslated_or_fuzzy_entry(po, tmp_path):
    result = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", str(tmp_path / "x.mo"), str(po)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


@needs_msgfmt
@pytest.mark.parametrize("po", catalogues(), ids=lambda po: str(po.relative_to(LOCALE)))
def test_each_compiled_catalogue_is_that_of_its_po_file(po, tmp_path):
    """The .mo files are committed (a fresh clone needs no gettext): each must hold
    exactly what its .po says (`make messages` compiles them)."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    subprocess.run([MSGFMT, "-o", str(tmp_path / "fresh.mo"), str(po)], check=True)
    with mo.open("rb") as committed, (tmp_path / "fresh.mo").open("rb") as fresh:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(fresh)._catalog
        ), f"{mo} is older than {po}: run make messages"
