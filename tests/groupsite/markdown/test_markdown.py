import html
import re
from html.parser import HTMLParser

import pytest

from groupsite.markdown.render import render_markdown

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<img src="javascript:alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body{display:none}</style>",
    '<a href="#" onclick="alert(1)">x</a>',
    '<div onmouseover="alert(1)">hover</div>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="https://evil.example/"><input name="q"></form>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    "[x](&#106;avascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "![x](x){: onerror=alert(1) }",
]
FORBIDDEN = [
    "<script", "onerror", "onclick", "onmouseover", "onload", "javascript:", "vbscript:",
    "data:", "<iframe", "<style", "<object", "<embed", "<form", "<input", "<meta", "<base",
    "<svg", "style=",
]  # fmt: skip


DANGEROUS_TAGS = {"script", "iframe", "style", "object", "embed", "form", "input", "meta", "base"}
SAFE_SCHEMES = {"http", "https", "mailto"}


class MarkupDangers(HTMLParser):
    """What in rendered HTML a browser would act on; text that merely reads
    "javascript:" is harmless, so only tags and attributes are inspected."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS or tag in {"svg", "math"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{name}=")
            scheme, colon, _ = (value or "").partition(":")
            relative = not colon or "/" in scheme or "?" in scheme or "#" in scheme
            if name in {"href", "src"} and not relative and scheme.lower() not in SAFE_SCHEMES:
                self.found.append(f"{name}={value}")


def dangers(rendered: str) -> list[str]:
    parser = MarkupDangers()
    parser.feed(rendered)
    return parser.found


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_strips_xss_payload(payload):
    assert dangers(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_markup_check_sees_each_payload(payload):
    """Otherwise the test above would pass whatever the sanitiser does: each payload,
    rendered without sanitising, is dangerous markup (or a link with a bad scheme)."""
    from groupsite.markdown.render import PARSER

    unsanitised = PARSER.render(payload)
    assert (
        dangers(unsanitised)
        or "javascript:" in html.unescape(unsanitised).lower()
        or ("data:" in unsanitised or "vbscript" in unsanitised or "onerror" in unsanitised)
    )


def test_style_elements_are_dropped_with_their_css():
    rendered = render_markdown("<style>body{color:red}</style>\n\nText")
    assert rendered == "<p>Text</p>"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_each_payload_is_dangerous_before_sanitising(payload):
    """Otherwise the test above would pass for a payload whatever the sanitiser does."""
    decoded = html.unescape(payload).replace("\t", "").lower()
    assert any(needle in decoded for needle in FORBIDDEN)


def test_safe_links_survive_sanitising():
    rendered = str(render_markdown("[docs](https://example.org/a?b=1) and <mailto:a@example.org>"))
    assert '<a href="https://example.org/a?b=1"' in rendered
    assert 'href="mailto:a@example.org"' in rendered


def test_render_markdown_keeps_ordinary_formatting():
    html = render_markdown("Some **bold** and [a link](https://example.org/).\n\n- one\n- two")
    assert html == (
        '<p>Some <strong>bold</strong> and <a href="https://example.org/" '
        'rel="noopener noreferrer">a link</a>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>'
    )


def test_render_markdown_turns_level_one_headings_into_level_two():
    assert render_markdown("# Title") == "<h2>Title</h2>"


def test_render_markdown_keeps_images_with_alt_text():
    html = render_markdown("![A chart](https://example.org/chart.png)")
    assert html == '<p><img src="https://example.org/chart.png" alt="A chart" loading="lazy"></p>'


def test_render_markdown_renders_tables():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<table>" in html
    assert "<td>1</td>" in html


def test_render_markdown_of_none_is_empty():
    assert render_markdown(None) == ""


def test_a_text_cannot_take_over_an_id_of_the_page():
    rendered = render_markdown('<p id="main-content">x</p>\n\n<div id="csrf">y</div>\n\n[z](#a)')
    assert "id=" not in rendered


def test_footnotes_link_within_their_own_text():
    first = render_markdown("One[^1].\n\n[^1]: The first note.")
    second = render_markdown("Two[^1].\n\n[^1]: The second note.")
    first_ids = set(re.findall(r'id="([^"]+)"', first))
    assert len(first_ids) == 2 and first_ids.isdisjoint(re.findall(r'id="([^"]+)"', second))
    for target in re.findall(r'href="#([^"]+)"', first):
        assert target in first_ids
