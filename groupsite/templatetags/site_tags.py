from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from groupsite.markdown.picture_html import markdown_with_pictures, picture_html
from groupsite.media import renditions

register = template.Library()


@register.filter
def markdown(text):
    """{{ body|markdown }}: staff-written markdown, sanitised; uploaded images as <picture>s."""
    return markdown_with_pictures(text)


@register.simple_tag
def picture(image, spec, alt="", css_class="", lazy=True, focus=None):
    """{% picture member.photo "portrait" alt="…" %}: WebP and fallback at 1x and 2x."""
    data = renditions.picture(image.name if image else "", spec, focus or (50, 50))
    return picture_html(data, alt, css_class, lazy) if data else ""


# Stroke icons drawn on a 24×24 grid; inline, so no request and nothing for CSP to allow.
ICONS = {
    "email": "M3 5h18v14H3z M3 6l9 7 9-7",
    "homepage": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M3 12h18 M12 3c3.5 3.5 3.5 14.5 0 18 "
    "M12 3c-3.5 3.5-3.5 14.5 0 18",
    "orcid": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M9 8v8 M12.5 8h1.5a4 4 0 0 1 0 8h-1.5z",
    "scholar": "M2 9l10-5 10 5-10 5z M6 11v5c3.5 2.5 8.5 2.5 12 0v-5",
    "github": "M8 6l-6 6 6 6 M16 6l6 6-6 6 M14 4l-4 16",
}


@register.simple_tag
def icon(name):
    return format_html(
        '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" '
        'focusable="false"><path d="{}"/></svg>',
        ICONS[name],
    )


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Rendered template output: already escaped, so safe to print again as is.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: render once, use as often as needed (the
    page title goes into <title>, og:title and twitter:title). Blocks inside still work."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def picture_url(context, image, spec, focus=None):
    """Absolute address of an image's largest fallback rendition, for og:image."""
    data = renditions.picture(image.name if image else "", spec, focus or (50, 50))
    return context["request"].build_absolute_uri(data.fallback[-1].url) if data else ""
