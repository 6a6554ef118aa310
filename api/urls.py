from django.urls import path
from django.views.generic import RedirectView

from api import embed
from api.v1 import api

app_name = "api"
urlpatterns = [
    path("api/", RedirectView.as_view(pattern_name="api_docs:docs"), name="root"),
    path("api/v1/", api.urls),
    path("embed/seminar/", embed.seminar_embed, name="embed_seminar"),
    path("embed/seminar/<slug:series>/", embed.seminar_embed, name="embed_series"),
]
