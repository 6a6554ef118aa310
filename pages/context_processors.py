from groupsite.content.seo import canonical_url
from groupsite.media import renditions
from pages.selectors import site_chrome_for_request


def site(request):
    """Site facts, navigation and sharing data, for the head, header and footer of every page."""
    chrome = site_chrome_for_request(request)
    settings = chrome.settings
    share = renditions.picture(settings.share_image.name, "share") if settings.share_image else None
    return {
        "site": settings,
        "navigation_pages": chrome.navigation_pages,
        "canonical_url": canonical_url(request),
        "share_image_url": request.build_absolute_uri(share.fallback[0].url) if share else "",
    }
