from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from seminar import selectors
from seminar.models import Series


class SeminarView(ListView):
    """Upcoming sessions in full, past sessions a page at a time; optionally one series."""

    template_name = "seminar/seminar.html"
    context_object_name = "past_sessions"
    paginate_by = selectors.PAST_SESSIONS_PER_PAGE
    series = None

    def get_queryset(self):
        return selectors.past_sessions(self.series)

    def get_context_data(self, **kwargs):
        series_list = [self.series] if self.series else list(Series.objects.published())
        return super().get_context_data(
            **kwargs,
            series=self.series,
            series_list=series_list,
            upcoming_sessions=selectors.upcoming_sessions(self.series),
        )


class SeriesView(SeminarView):
    def dispatch(self, request, *args, **kwargs):
        self.series = get_object_or_404(Series.objects.published(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class SessionDetailView(DetailView):
    template_name = "seminar/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        queryset = selectors.session_detail_queryset()
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
