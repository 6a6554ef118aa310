"""The group's admin site: headed with the group's name, the index a dashboard of what
needs doing (pages.dashboard), and the content apps listed before the technical ones."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.site.selectors import site_settings_for_request
from news.models import NewsItem
from pages import dashboard
from pages.models import LandingSection, Page
from people.models import Member, Position
from publications.models import Publication
from seminar.models import Session

# The order of apps on the index and in the sidebar: what editors work on first, then the
# site's settings, then accounts, history and login lockouts. Apps not named come after
# the content, in alphabetical order.
APP_ORDER = ["pages", "news", "seminar", "people", "publications", "site"]
TECHNICAL_APPS = ["auth", "reversion", "axes"]
# Inside an app, the model worked on most often first; the rest alphabetically.
MODEL_ORDER = {"pages": ["Page"], "seminar": ["Session"], "people": ["Member"]}


def _app_rank(app: dict) -> tuple:
    label = app["app_label"]
    if label in APP_ORDER:
        return (0, APP_ORDER.index(label), "")
    if label in TECHNICAL_APPS:
        return (2, TECHNICAL_APPS.index(label), "")
    return (1, 0, app["name"].lower())


def _model_rank(app_label: str, model: dict) -> tuple:
    first = MODEL_ORDER.get(app_label, [])
    name = model["object_name"]
    return (first.index(name) if name in first else len(first), model["name"])


def _permission(model, action: str = "view") -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class GroupAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Group website administration")  # until the settings name the group
    site_title = gettext_lazy("Group website admin")
    index_title = gettext_lazy("Dashboard")

    def each_context(self, request):
        context = super().each_context(request)
        name = site_settings_for_request(request).group_name
        if name:
            context["site_header"] = name
            context["site_title"] = _("%(name)s admin") % {"name": name}
        return context

    def get_app_list(self, request, app_label=None):
        apps = sorted(self._build_app_dict(request, app_label).values(), key=_app_rank)
        for app in apps:
            app["models"].sort(key=lambda model, label=app["app_label"]: _model_rank(label, model))
        return apps

    def index(self, request, extra_context=None):
        extra_context = {"dashboard_panels": self.dashboard_panels(request),
                         **(extra_context or {})}  # fmt: skip
        return super().index(request, extra_context)

    def dashboard_panels(self, request) -> list[dashboard.Panel]:
        """The panels this user may see, each read with one query."""
        user = request.user
        panels = []
        if user.has_perm(_permission(Session, "change")):
            # Reviewing and re-sending need the change permission: no panel without it.
            panels += [dashboard.submissions_awaiting_review(),
                       dashboard.unanswered_invitations()]  # fmt: skip
        if user.has_perm(_permission(Session)):
            panels.append(dashboard.sessions_missing_details())
        if user.has_perm(_permission(Position)):
            panels.append(dashboard.positions_closing_soon())
        scheduled = [
            model
            for model in (Page, LandingSection, NewsItem, Session, Member, Position, Publication)
            if user.has_perm(_permission(model))
        ]
        if scheduled:
            panels.append(dashboard.scheduled_to_publish(scheduled))
        return panels
