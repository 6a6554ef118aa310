"""Markdown to safe HTML: the one renderer for templates, the editor preview and exports.

A pure function of its text: it reads no file and makes no rendition. Pages that show
the HTML add responsive <picture>s for uploaded images with picture_html.with_pictures()."""

import hashlib
import html as html_module
import logging
import re
from functools import lru_cache

import nh3
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdownx.models import MarkdownxField
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from groupsite.markdown.limits import (
    PARAGRAPH_BREAK,
    grouped,
    markdown_problems,
    validate_markdown_limits,
)

logger = logging.getLogger(__name__)
# Bump when the rendering below changes, so no cached HTML of the old kind is served.
RENDERING_VERSION = 3

# CommonMark with tables, strikethrough, footnotes, definition lists and typographic quotes
# and dashes. markdown-it-py parses in time linear in the text (bench/markdown.py), and
# maxNesting stops deep nesting without recursion, so no input can stall a worker.
PARSER = (
    MarkdownIt("commonmark", {"typographer": True, "html": True, "xhtmlOut": False})
    .enable(["table", "strikethrough", "replacements", "smartquotes"])
    .use(footnote_plugin)
    .use(deflist_plugin)
)
TOO_DEEP = "too_deep"


class DepthNotingBlockParser(ParserBlock):
    """At maxNesting markdown-it silently drops the rest of a block; this notes in the
    parse's env that it did, so that validation can refuse such text instead."""

    def tokenize(self, state, startLine, endLine):
        if state.level >= state.md.options.maxNesting and state.skipEmptyLines(startLine) < endLine:
            state.env[TOO_DEEP] = True
        super().tokenize(state, startLine, endLine)


_block_parser = DepthNotingBlockParser()
_block_parser.ruler = PARSER.block.ruler  # the rules enabled above and by the plugins
PARSER.block = _block_parser

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "kbd",
    "li", "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "a": {"href", "title", "id"},
    "li": {"id"},
}
# The only ids a text may carry are its footnotes', named after the text (docId), so that an
# editor's id cannot take over one of the page's own (main-content, a form field) and two
# texts with footnotes on one page do not share ids.
FOOTNOTE_ID = re.compile(r"fn(?:ref)?-[0-9a-f]{12}-[0-9]+(?::[0-9]+)?", re.ASCII)
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Content of these elements is dropped along with the tag, not shown as text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "svg", "math"}
# ![decorative](…) marks an image that adds nothing a reader would miss: it gets alt="".
DECORATIVE = "decorative"
IMG_TAG = re.compile(r"<img ([^>]*)>")
ATTRIBUTE = re.compile(r'([a-z]+)="([^"]*)"')


def render_markdown(text: str | None) -> SafeString:
    """Render staff-written markdown; the result is safe to put on any page.

    Headings start at <h2> because every page already has its own <h1>. The parser runs
    once per text: when the text is saved (MarkdownField warms the shared cache), not
    when a page is shown.
    """
    # nh3 has cleaned the HTML, and _image builds its tags with format_html.
    return mark_safe(_rendered(text or ""))


def preview_markdown(text: str | None) -> SafeString:
    """render_markdown for previews (editor, speaker form): the same HTML, but nothing is
    written to the shared cache, so unsaved texts leave no trace."""
    return mark_safe(_html_or_escaped_text(text or ""))


def _cache_key(text: str) -> str:
    return f"markdown:{RENDERING_VERSION}:{hashlib.sha256(text.encode()).hexdigest()}"


@lru_cache(maxsize=512)
def _rendered(text: str) -> str:
    key = _cache_key(text)
    try:
        html = cache.get(key)
    except Exception as error:  # the cache is a shortcut; without it we render
        logger.warning("Markdown cache unavailable: %s", error)
        html = None
    if html is None:
        html = _html_or_escaped_text(text)
        try:
            # Bounded life: a text no longer saved anywhere leaves the cache by itself.
            cache.set(key, html, timeout=settings.MARKDOWN_CACHE_SECONDS)
        except Exception as error:
            logger.warning("Markdown cache unavailable: %s", error)
    return html


def _html_or_escaped_text(text: str) -> str:
    """Text over the size limit (stored before it, or by a path that skips form
    validation) is shown as plain paragraphs rather than given to the parser."""
    if not markdown_problems(text):
        return IMG_TAG.sub(_image, _sanitised_html(text))
    return "".join(
        format_html("<p>{}</p>", paragraph.strip())
        for paragraph in PARAGRAPH_BREAK.split(text)
        if paragraph.strip()
    )


def _sanitised_html(text: str | None) -> str:
    text = text or ""
    html = PARSER.render(text, {"docId": hashlib.sha256(text.encode()).hexdigest()[:12]})
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_only_footnote_ids,
    ).strip()


def _only_footnote_ids(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and not FOOTNOTE_ID.fullmatch(value):
        return None
    return value


def image_attributes(tag_attributes: str) -> dict[str, str]:
    """The unescaped attributes of an <img> this module wrote (IMG_TAG's group 1)."""
    return {name: html_module.unescape(value) for name, value in ATTRIBUTE.findall(tag_attributes)}


def _image(match: re.Match) -> str:
    """Every image loads lazily; ![decorative](…) gets an empty alt."""
    attributes = image_attributes(match[1])
    alt = attributes.get("alt", "")
    alt = "" if alt.strip().lower() == DECORATIVE else alt
    return format_html('<img src="{}" alt="{}" loading="lazy">', attributes.get("src", ""), alt)


def _image_as_text(match: re.Match) -> str:
    alt = image_attributes(match[1]).get("alt", "").strip()
    return format_html("[Image: {}]", alt) if alt else ""


def render_plain_text(text: str | None) -> str:
    """Markdown as plain text for calendars, feeds and mail: no markup, images become
    their alt text (decorative ones vanish). Like render_markdown, touches no file."""
    with_alts = IMG_TAG.sub(_image_as_text, render_markdown(text))
    return html_module.unescape(strip_tags(with_alts)).strip()


def images_without_alt(text: str | None) -> list[str]:
    """The addresses of images in ``text`` with neither alt text nor the decorative mark."""
    missing = []
    for match in IMG_TAG.finditer(_sanitised_html(text)):
        attributes = dict(ATTRIBUTE.findall(match[1]))
        if not attributes.get("alt", "").strip():
            missing.append(html_module.unescape(attributes.get("src", "")))
    return missing


def validate_image_alt_texts(text: str) -> None:
    if markdown_problems(text):
        return  # validate_markdown_limits says why
    missing = images_without_alt(text)
    if missing:
        raise ValidationError(
            gettext_lazy(
                "Every image needs alt text describing it: write ![what it shows](%(src)s). "
                "For a purely decorative image write ![decorative](%(src)s)."
            ),
            code="missing_alt",
            params={"src": missing[0]},
        )


def validate_nesting(text: str) -> None:
    if markdown_problems(text):
        return  # validate_markdown_limits says why
    env = {}
    PARSER.parse(text, env)
    if env.get(TOO_DEEP):
        raise ValidationError(
            gettext_lazy(
                "Quotes or lists are nested more deeply than a page can show (about ten lists "
                "or twenty quotes inside one another); the deepest text would be lost. "
                "Flatten it."
            ),
            code="too_deep",
        )


def save_problems(text: str, max_length: int | None = None) -> list[str]:
    """What saving ``text`` in a markdown field would say, for previews to say it first."""
    problems = []
    if max_length is not None and len(text) > max_length:
        problems.append(
            _("The text has %(count)s characters; at most %(limit)s are allowed.")
            % {"count": grouped(len(text)), "limit": grouped(max_length)}
        )
    for validator in MarkdownField.default_validators:
        try:
            validator(text)
        except ValidationError as error:
            problems.extend(error.messages)
    return problems


class MarkdownField(MarkdownxField):
    """A markdown text edited with django-markdownx: bounded so that it renders fast,
    images with alt text, rendered once when saved."""

    default_validators = [validate_markdown_limits, validate_nesting, validate_image_alt_texts]

    def pre_save(self, model_instance, add):
        text = super().pre_save(model_instance, add)
        render_markdown(text)  # visitors then find the HTML in the shared cache
        return text
