"""The site's own links in rendered HTML made absolute, for HTML shown elsewhere (mail, the
API's clients), where "/seminar/" would point at another site."""

import re

from django.utils.safestring import SafeString, mark_safe

TAG = re.compile(r"<[^>]+>")
# A path right after a quote, a space or a comma inside a tag: src, href, srcset entries.
OWN_PATH = re.compile(r'(["\s,])/(?![/>])')


def absolute_links(html: str, base_url: str) -> SafeString:
    """Make the site's own links and images absolute; text is left alone."""
    root = base_url.rstrip("/")  # SITE_URL may be written with a trailing slash
    return mark_safe(TAG.sub(lambda tag: OWN_PATH.sub(rf"\1{root}/", tag[0]), html))
