import html

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


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_strips_xss_payload(payload):
    html = render_markdown(payload).lower()
    for needle in FORBIDDEN:
        assert needle not in html, f"{needle!r} survived in {html!r}"


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
