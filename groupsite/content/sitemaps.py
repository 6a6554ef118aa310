"""What every sitemap of the site shares: each address in both languages, each entry
naming its alternates (hreflang en, de and x-default, the English page), as search
engines ask for a site with translated pages."""

from django.contrib.sitemaps import Sitemap


class BilingualSitemap(Sitemap):
    """Every app's sitemaps derive from this (tests/groupsite/content/test_sitemaps.py)."""

    i18n = True
    alternates = True
    x_default = True
