"""Markdown fields as the API sends them: sanitised HTML whose own links are absolute."""

from groupsite.content.seo import site_root
from groupsite.markdown.links import absolute_links
from groupsite.markdown.render import render_markdown


def markdown_html(request, text: str) -> str:
    """A client shows this HTML on another site, where "/seminar/" would point elsewhere."""
    return str(absolute_links(render_markdown(text), site_root(request)))
