from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.PeopleView.as_view(), name="list"),
    path("<slug:slug>/", views.MemberDetailView.as_view(), name="member"),
]
