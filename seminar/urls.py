from django.urls import path

from seminar import feeds, views
from seminar.speakers import views as speaker_views

app_name = "seminar"
urlpatterns = [
    path("", views.SeminarHomeView.as_view(), name="home"),
    path("archive/", views.ArchiveView.as_view(), name="archive"),
    path("calendar.ics", views.CalendarView.as_view(), name="all_calendar"),
    path("feed.atom", feeds.SessionsAtomFeed(), name="all_atom"),
    path("feed.rss", feeds.SessionsFeed(), name="all_rss"),
    # Tokens hold a colon, so these never collide with the series and session patterns.
    path("speakers/<str:token>/", speaker_views.SpeakerFormView.as_view(), name="speaker_form"),
    path(
        "speakers/<str:token>/preview/",
        speaker_views.SpeakerPreviewView.as_view(),
        name="speaker_preview",
    ),
    path("<slug:slug>/", views.SeminarHomeView.as_view(), name="series"),
    path("<slug:slug>/archive/", views.ArchiveView.as_view(), name="series_archive"),
    path("<slug:slug>/calendar.ics", views.CalendarView.as_view(), name="series_calendar"),
    path("<slug:slug>/feed.atom", feeds.SessionsAtomFeed(), name="series_atom"),
    path("<slug:slug>/feed.rss", feeds.SessionsFeed(), name="series_rss"),
    path(
        "<slug:series>/<int:number>.ics",
        views.SessionCalendarView.as_view(),
        name="session_calendar",
    ),
    path(
        "<slug:series>/<int:number>-<slug:slug>/",
        views.SessionDetailView.as_view(),
        name="session",
    ),
]
