from pages.models import Page, SiteSettings


def site(request):
    """Site facts and navigation, for the header and footer of every page."""
    return {
        "site": SiteSettings.load(),
        "navigation_pages": Page.objects.in_navigation().only("title", "slug"),
    }
