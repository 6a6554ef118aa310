from django import template

from groupsite import renditions
from groupsite.markdown import render_markdown
from groupsite.picture_html import picture_html

register = template.Library()


@register.filter
def markdown(text):
    """{{ body|markdown }}: staff-written markdown, sanitised."""
    return render_markdown(text)


@register.simple_tag
def picture(image, spec, alt="", css_class="", lazy=True, focus=None):
    """{% picture member.photo "portrait" alt="…" %}: WebP and fallback at 1x and 2x."""
    data = renditions.picture(image.name if image else "", spec, focus or (50, 50))
    return picture_html(data, alt, css_class, lazy) if data else ""
