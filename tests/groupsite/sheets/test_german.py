"""The import and export screens and their refusals in German (the admin itself stays
English; the other tests pin the English words)."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import translation

from groupsite.sheets import cells
from groupsite.sheets.files import SheetError, read_sheet
from people.models import Member

pytestmark = pytest.mark.django_db


def member_import(request):
    response = admin.site._registry[Member].import_view(request)
    return response.render().content.decode()


def test_the_import_page_in_german(admin_user):
    request = RequestFactory().get("/admin/people/member/import/")
    request.user = admin_user
    with translation.override("de"):
        page = member_import(request)
        plural = str(Member._meta.verbose_name_plural)
    assert f"<h1>Import: {plural}</h1>" in page
    assert "<summary>Die Spalten dieser Tabelle</summary>" in page
    assert "Zu importierende Datei" in page
    assert 'value="Vorschau des Imports"' in page


def test_a_refused_row_in_german(admin_user):
    upload = SimpleUploadedFile("team.csv", b"slug,name,published\nada,Ada,vielleicht\n")
    request = RequestFactory().post("/admin/people/member/import/", {"import_file": upload})
    request.user = admin_user
    with translation.override("de"):
        page = member_import(request)
    assert "<h2>Einige Zeilen sind ungültig; es wurde nichts gespeichert</h2>" in page
    assert '<th scope="col">Zeile</th><th scope="col">Spalte</th>' in page
    assert "„vielleicht“ ist weder ja noch nein." in page


def test_refusals_read_in_german():
    with translation.override("de"), pytest.raises(SheetError) as refused:
        read_sheet(b"[1]", "json")
    assert str(refused.value).startswith("Eine JSON-Datei muss eine Liste von Zeilen sein")
    with translation.override("de"), pytest.raises(ValueError) as late:
        cells.parse_local_datetime("2024-03-05", None, column="start")
    assert str(late.value) == (
        "2024-03-05 ist ein Datum ohne Uhrzeit: start braucht eine Uhrzeit, etwa 2024-03-05 15:00."
    )
