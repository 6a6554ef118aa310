"""The staff guides in docs/, readable inside the admin (Help in the admin header).

Staff never see the repository, so the files in docs/ are rendered here through the
site's own markdown renderer: one text for the admin and for readers of the repository.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.markdown.limits import PARAGRAPH_BREAK, markdown_problems
from groupsite.markdown.render import render_markdown


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    filename: str


GUIDES = (
    Guide("editing", gettext_lazy("Staff handbook"), "editing.md"),
    Guide("organising", gettext_lazy("Organising the seminar"), "organising.md"),
    Guide("moving-in", gettext_lazy("Moving in"), "moving-in.md"),
    Guide("configuration", gettext_lazy("Configuration"), "configuration.md"),
)
GUIDE_BY_FILENAME = {guide.filename: guide for guide in GUIDES}
GUIDE_BY_SLUG = {guide.slug: guide for guide in GUIDES}

HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.DOTALL)
RELATIVE_LINK = re.compile(r'<a href="([^":/#?]+\.md)(#[^"]*)?"([^>]*)>(.*?)</a>', re.DOTALL)


def help_url(guide: Guide) -> str:
    return reverse("admin_help", args=[guide.slug])


def heading_anchor(text: str) -> str:
    """The id GitHub gives a heading, so that links like organising.md#times work in both."""
    text = re.sub(r"[^\w\- ]", "", strip_tags(text).strip().lower())
    return text.replace(" ", "-")


def markdown_chunks(text: str) -> list[str]:
    """The guide in pieces the site's renderer accepts: its limits (markdown_limits.py)
    are meant for one page of content, and a guide is many pages long. The pieces break
    only where paragraphs do, so each renders as it would in one piece."""
    chunks: list[str] = []
    current = ""
    for block in PARAGRAPH_BREAK.split(text):
        candidate = f"{current}\n\n{block}" if current else block
        if current and markdown_problems(candidate):
            chunks.append(current)
            current = block
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def _with_anchors(html: str) -> str:
    return HEADING.sub(
        lambda match: f'<h{match[1]} id="{heading_anchor(match[2])}">{match[2]}</h{match[1]}>',
        html,
    )


def _link_within_help(match: re.Match) -> str:
    """A link to another guide opens it here; one to a file staff cannot see becomes text."""
    filename, anchor, attributes, label = match[1], match[2] or "", match[3], match[4]
    guide = GUIDE_BY_FILENAME.get(filename)
    if guide is None:
        return label
    return f'<a href="{help_url(guide)}{anchor}"{attributes}>{label}</a>'


@lru_cache(maxsize=len(GUIDES))
def guide_html(guide: Guide) -> SafeString:
    """A guide as the admin shows it (the files change only with a deployment)."""
    text = (settings.BASE_DIR / "docs" / guide.filename).read_text(encoding="utf-8")
    html = "".join(render_markdown(chunk) for chunk in markdown_chunks(text))
    # render_markdown's output is sanitised; the rewrites add only our own URLs and ids.
    return mark_safe(RELATIVE_LINK.sub(_link_within_help, _with_anchors(html)))


@admin.site.admin_view
def admin_help(request, slug: str = GUIDES[0].slug):
    guide = GUIDE_BY_SLUG.get(slug)
    if guide is None:
        raise Http404(_("No such guide."))
    context = {
        **admin.site.each_context(request),
        "title": guide.title,
        "guide": guide,
        "guides": [(other, help_url(other)) for other in GUIDES],
        "guide_html": guide_html(guide),
    }
    return TemplateResponse(request, "admin/help.html", context)
