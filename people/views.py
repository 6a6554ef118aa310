from django.views.generic import DetailView, ListView, TemplateView

from groupsite.jsonld import as_script
from groupsite.seo import site_root
from pages.models import SiteSettings
from people.jsonld import job_posting
from people.models import Member, Position
from people.selectors import members_by_role
from seminar.selectors import talks_by_member


class PeopleView(TemplateView):
    template_name = "people/people.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            role_groups=members_by_role(),
            alumni=Member.objects.alumni(),
        )


class MemberDetailView(DetailView):
    template_name = "people/member_detail.html"
    context_object_name = "member"

    def get_queryset(self):
        return Member.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, talks=talks_by_member(self.object))


class PositionListView(ListView):
    template_name = "people/position_list.html"
    context_object_name = "positions"

    def get_queryset(self):
        return Position.objects.open().select_related("contact_member")


class PositionDetailView(DetailView):
    template_name = "people/position_detail.html"
    context_object_name = "position"

    def get_queryset(self):
        user = self.request.user
        # Staff may preview drafts and look back at expired positions; visitors may not.
        positions = Position.objects.all() if user.is_staff else Position.objects.open()
        return positions.select_related("contact_member")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.is_open:
            site = SiteSettings.for_request(self.request)
            posting = job_posting(self.object, site, site_root(self.request))
            context["structured_data"] = as_script(posting)
        return context
