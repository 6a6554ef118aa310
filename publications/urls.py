from django.urls import path

from publications import feeds, views

app_name = "publications"
urlpatterns = [
    path("", views.PublicationListView.as_view(), name="list"),
    path("feed.atom", feeds.PublicationsFeed(), name="feed"),
    path("export.bib", views.export_bibtex, name="export_bibtex"),
    path("export.json", views.export_csl, name="export_csl"),
    path("<slug:slug>/", views.PublicationDetailView.as_view(), name="detail"),
    path("<slug:slug>.bib", views.publication_bibtex, name="bibtex"),
    path("<slug:slug>.json", views.publication_csl, name="csl"),
]
