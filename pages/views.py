from django.views.generic import DetailView, TemplateView

from groupsite.site.selectors import site_settings_for_request
from pages.models import Page
from pages.selectors import landing_page_content


class LandingView(TemplateView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "pages/landing.html"

    def get_context_data(self, **kwargs):
        site = site_settings_for_request(self.request)
        return super().get_context_data(**kwargs, **landing_page_content(self.request.user, site))


class PageDetailView(DetailView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "pages/page_detail.html"
    context_object_name = "page"

    def get_queryset(self):
        return Page.objects.visible_to(self.request.user)
