from django.urls import path

from people import views

app_name = "positions"
urlpatterns = [
    path("", views.PositionListView.as_view(), name="list"),
    path("<slug:slug>/", views.PositionDetailView.as_view(), name="detail"),
]
