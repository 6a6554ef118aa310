from django.urls import path

from pages import legal, views

app_name = "pages"
urlpatterns = [
    path("", views.LandingView.as_view(), name="landing"),
    # Before the pages' own addresses: no page may take these (pages.models.validate_page_slug).
    path("legal-notice/", legal.LegalNoticeView.as_view(), name="legal_notice"),
    path("privacy/", legal.PrivacyView.as_view(), name="privacy"),
    path("accessibility/", legal.AccessibilityView.as_view(), name="accessibility"),
    path("<slug:slug>/", views.PageDetailView.as_view(), name="page"),
]
