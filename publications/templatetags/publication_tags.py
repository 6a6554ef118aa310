from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from publications import selectors

register = template.Library()

MEMBER_PAGE_LIMIT = 30

# Stroke icons on a 24×24 grid, inline like the site's other icons (nothing for CSP to allow).
LINK_ICONS = {
    "doi": "M4 4h16v16H4z M8 9v6 M8 9h2a3 3 0 0 1 0 6H8",
    "pdf": "M6 3h9l4 4v14H6z M14 3v5h5 M9 13h6 M9 17h6",
    "code": "M8 6l-6 6 6 6 M16 6l6 6-6 6",
    "data": "M4 6c0-3 16-3 16 0v12c0 3-16 3-16 0z M4 6c0 3 16 3 16 0 M4 12c0 3 16 3 16 0",
    "slides": "M3 4h18v12H3z M12 16v4 M8 20h8",
    "video": "M3 6h13v12H3z M16 10l5-3v10l-5-3",
}


# arXiv's mark is its name, not a picture: drawn as a glyph it read as a "×" (issue 21).
TEXT_MARKS = {"arxiv": "arXiv"}
# The links' words in the page's language (DOI and PDF read the same in every language).
LINK_LABELS = {"code": _("Code"), "data": _("Data"), "slides": _("Slides"), "video": _("Video")}


@register.simple_tag
def link_icon(kind):
    """The mark before a paper's link: a small stroke icon, or a text badge for arXiv."""
    if kind in TEXT_MARKS:
        return format_html('<span class="link-mark link-mark-{}">{}</span>', kind, TEXT_MARKS[kind])
    return format_html(
        '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" '
        'focusable="false"><path d="{}"/></svg>',
        LINK_ICONS[kind],
    )


@register.simple_tag
def link_label(publication, kind, label):
    """What a link says after its mark: the arXiv id after the arXiv badge, else the label
    (translated where it is a word)."""
    return publication.arxiv_id if kind == "arxiv" else LINK_LABELS.get(kind, label)


@register.inclusion_tag("publications/includes/member_publications.html", takes_context=True)
def member_publications(context, member):
    """A member page's list of the member's papers (people itself knows nothing of them)."""
    user = context["request"].user
    publications = list(selectors.member_publications(member, user, MEMBER_PAGE_LIMIT + 1))
    return {
        "member": member,
        "groups": selectors.group_by_year(publications[:MEMBER_PAGE_LIMIT]),
        "has_more": len(publications) > MEMBER_PAGE_LIMIT,
        "request": context["request"],
    }
