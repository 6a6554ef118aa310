from django import template

from groupsite.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """{{ body|markdown }}: staff-written markdown, sanitised."""
    return render_markdown(text)
