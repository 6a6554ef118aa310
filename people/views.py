from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from groupsite.content.jsonld import as_script
from groupsite.content.publishing import can_preview
from groupsite.content.seo import site_root
from groupsite.site.selectors import site_settings_for_request
from people.jsonld import job_posting
from people.models import Member, Position
from people.selectors import members_by_role


class PeopleView(TemplateView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "people/people.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            role_groups=members_by_role(),
            alumni=Member.objects.alumni(),
        )


class MemberDetailView(DetailView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "people/member_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        return Member.objects.visible_to(self.request.user)


class PositionListView(ListView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "people/position_list.html"
    context_object_name = "positions"

    def get_queryset(self):
        return Position.objects.open().select_related("contact_member")


class PositionDetailView(DetailView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "people/position_detail.html"
    context_object_name = "position"

    def get_queryset(self):
        # Staff may preview drafts and look back at expired positions; visitors may not.
        can_see_all = can_preview(self.request.user)
        positions = Position.objects.all() if can_see_all else Position.objects.open()
        return positions.select_related("contact_member")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The subject of the "Apply by email" link, in the page's language.
        context["application_subject"] = _("Application: %(title)s") % {"title": self.object.title}
        if self.object.is_open:
            site = site_settings_for_request(self.request)
            posting = job_posting(self.object, site, site_root(self.request))
            context["structured_data"] = as_script(posting)
        return context
