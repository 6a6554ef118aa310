from django.urls import path

from pages import views

app_name = "pages"
urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
