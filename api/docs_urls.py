"""The API's documentation page: a page for people, so in both languages (English at
/api/v1/docs/, German at /de/api/v1/docs/, from config/urls.py's i18n_patterns), while
the API itself answers at one address, in English (api/urls.py, docs/api.md)."""

from django.urls import path

from api import views

app_name = "api_docs"
urlpatterns = [
    path("api/v1/docs/", views.ApiDocsView.as_view(), name="docs"),
]
