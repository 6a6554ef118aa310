from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from groupsite.content.jsonld import as_script
from groupsite.content.publishing import can_preview
from groupsite.content.seo import site_root
from groupsite.site.selectors import site_settings_for_request
from people.models import Member
from seminar import ical, jsonld, selectors
from seminar.forms import ArchiveFilterForm, CalendarFilterForm
from seminar.models import Series


def subscription_links(request, series: Series | None) -> dict:
    """Calendar and feed addresses for a series, or for all series."""
    kwargs = {"slug": series.slug} if series else {}
    prefix = "seminar:series_" if series else "seminar:all_"
    calendar = reverse(f"{prefix}calendar", kwargs=kwargs)
    return {
        "calendar_url": calendar,
        "webcal_url": f"webcal://{request.get_host()}{calendar}",
        "atom_url": reverse(f"{prefix}atom", kwargs=kwargs),
        "rss_url": reverse(f"{prefix}rss", kwargs=kwargs),
    }


class SeriesMixin:
    """Optionally narrows a seminar page to the series named in the URL."""

    series = None

    def dispatch(self, request, *args, **kwargs):
        if "slug" in kwargs:
            # Staff may preview a draft series, as any other draft (groupsite.content.publishing).
            series = (
                Series.objects.all() if can_preview(request.user) else Series.objects.published()
            )
            self.series = get_object_or_404(series, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, series=self.series, links=subscription_links(self.request, self.series)
        )


class SeminarHomeView(SeriesMixin, TemplateView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "seminar/home.html"

    def get_context_data(self, **kwargs):
        upcoming = list(selectors.upcoming_sessions(self.series))
        return super().get_context_data(
            **kwargs,
            series_list=[self.series] if self.series else list(Series.objects.published()),
            next_session=upcoming[0] if upcoming else None,
            later_sessions=upcoming[1:],
            recent_sessions=selectors.recent_past_sessions(self.series),
        )


class ArchiveView(SeriesMixin, ListView):
    template_name = "seminar/archive.html"
    context_object_name = "sessions"
    paginate_by = selectors.ARCHIVE_PAGE_SIZE

    def get_queryset(self):
        self.form = ArchiveFilterForm(
            self.request.GET or None, years=selectors.archive_years(self.series)
        )
        data = self.form.cleaned_data if self.form.is_valid() else {}
        filters = selectors.ArchiveFilters(
            query=data.get("q", ""),
            year=data.get("year"),
            recorded=data.get("recorded", False),
            series=self.series,
            language=data.get("language", ""),
        )
        self.filtered = filters != selectors.ArchiveFilters(series=self.series)
        return selectors.archive_sessions(filters, order=selectors.upcoming_then_past())

    def get_context_data(self, **kwargs):
        # Only the filters: pages may be cached and shared whatever else the URL carried.
        query = QueryDict(mutable=True)
        for name in self.form.fields:
            if self.request.GET.get(name):
                query[name] = self.request.GET[name]
        context = super().get_context_data(
            **kwargs, form=self.form, filtered=self.filtered, query_string=query.urlencode()
        )
        # The page is ordered upcoming first (selectors.upcoming_then_past), so it splits.
        sessions = list(context["sessions"])
        context["upcoming"] = [session for session in sessions if not session.is_over]
        context["past"] = [session for session in sessions if session.is_over]
        return context


class SessionDetailView(DetailView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "seminar/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        queryset = selectors.session_detail_queryset(self.request.user)
        try:
            return queryset.get(series__slug=self.kwargs["series"], number=self.kwargs["number"])
        except queryset.model.DoesNotExist:
            raise Http404("No such session.") from None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            # A renamed session keeps its number, so old links still arrive.
            return redirect(self.object, permanent=True)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        session = self.object
        root = site_root(self.request)
        organizer = site_settings_for_request(self.request).group_name
        event = jsonld.session_event(session, root, organizer)
        return super().get_context_data(
            **kwargs,
            links=subscription_links(self.request, session.series),
            ics_url=reverse(
                "seminar:session_calendar",
                kwargs={"series": session.series.slug, "number": session.number},
            ),
            google_calendar_url=ical.google_calendar_url(session, root),
            structured_data=as_script(event),
        )


class CalendarView(View):
    """The iCalendar feed of one series or of all series, optionally only one member's talks.

    Filters as in the API: ``?series=<slug>`` (on the all-series feed) and
    ``?speaker=<member slug>``; a malformed value gets 400, an unknown one 404, in words.
    """

    def get(self, request, slug=None):
        filters = CalendarFilterForm(request.GET)
        if not filters.is_valid():
            problems = " ".join(m for messages in filters.errors.values() for m in messages)
            return HttpResponseBadRequest(problems, content_type="text/plain; charset=utf-8")
        slug = slug or filters.cleaned_data["series"]
        series = Series.objects.published().filter(slug=slug).first() if slug else None
        if slug and series is None:
            return _not_found(
                _("There is no published seminar series “%(slug)s”.") % {"slug": slug}
            )
        speaker_slug = filters.cleaned_data["speaker"]
        speaker = Member.objects.published().filter(slug=speaker_slug).first()
        if speaker_slug and speaker is None:
            return _not_found(
                _("There is no published member “%(slug)s”.") % {"slug": speaker_slug}
            )
        group = site_settings_for_request(request).group_name
        name = series.name if series else _("%(group)s seminar") % {"group": group}
        if speaker:
            name = _("%(calendar)s: talks by %(speaker)s") % {
                "calendar": name,
                "speaker": speaker.name,
            }
        sessions = selectors.calendar_sessions(series, speaker=speaker)
        body = ical.calendar(sessions, name, site_root(request))
        filename = "-".join(
            part for part in (series.slug if series else "seminar", speaker_slug) if part
        )
        return calendar_response(body, f"{filename}.ics", attachment=False)


def _not_found(message: str) -> HttpResponse:
    return HttpResponseNotFound(message, content_type="text/plain; charset=utf-8")


class SessionCalendarView(View):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)

    def get(self, request, series, number):
        queryset = selectors.calendar_sessions()
        session = get_object_or_404(queryset, series__slug=series, number=number)
        body = ical.calendar([session], session.series.name, site_root(request), method="PUBLISH")
        return calendar_response(body, f"{series}-{number}.ics", attachment=True)


def calendar_response(body: bytes, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
