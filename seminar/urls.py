from django.urls import path

from seminar import views

app_name = "seminar"
urlpatterns = [
    path("", views.SeminarView.as_view(), name="home"),
    path("<slug:slug>/", views.SeriesView.as_view(), name="series"),
    path(
        "<slug:series>/<int:number>-<slug:slug>/",
        views.SessionDetailView.as_view(),
        name="session",
    ),
]
