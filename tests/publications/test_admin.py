import threading
import time

import pytest
from django.db import connection, connections
from django.test import Client

from publications import services
from publications.models import Authorship, Publication

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/publications/publication/import-bibtex/"
TEXT = ("@article{a, title={First}, year=2020, doi={10.5555/first}, author={Roe, R.}}\n"
        "@article{b, title={Second}, year=2021, author={Doe, J. and Roe, R.}}\n")  # fmt: skip


def confirm(client):
    return client.post(IMPORT_URL, {"text": TEXT, "publish": "on", "confirm": "1"}, follow=True)


def test_confirming_the_same_preview_twice_imports_once_and_says_so(admin_client):
    first = confirm(admin_client)
    assert "Imported: 2 new, 0 updated, 0 unchanged." in first.content.decode()
    second = confirm(admin_client)
    assert second.status_code == 200
    assert ("Nothing was imported: all 2 entries are already on the site as they are in the "
            "file (was the import confirmed twice?)") in second.content.decode()  # fmt: skip
    assert Publication.objects.count() == 2
    assert Authorship.objects.count() == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite lets one writer at a time, so imports cannot race "
    "(make test-postgres runs this)",
)
def test_two_simultaneous_confirmations_import_once_and_neither_fails(admin_user, monkeypatch):
    real_plan_import = services.plan_import

    def plan_slowly(text):
        plan = real_plan_import(text)
        time.sleep(0.3)  # the other confirmation plans meanwhile, unless it waits its turn
        return plan

    monkeypatch.setattr(services, "plan_import", plan_slowly)
    both_ready = threading.Barrier(2, timeout=10)
    responses, errors = [], []

    def post():
        try:
            client = Client()
            client.force_login(admin_user)
            both_ready.wait()
            responses.append(confirm(client))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [response.status_code for response in responses] == [200, 200]
    pages = [response.content.decode() for response in responses]
    imported = ["Imported: 2 new, 0 updated, 0 unchanged." in page for page in pages]
    nothing = ["Nothing was imported: all 2 entries are already on the site" in page
               for page in pages]  # fmt: skip
    assert sorted(zip(imported, nothing, strict=True)) == [(False, True), (True, False)]
    assert sorted(Publication.objects.values_list("title", flat=True)) == ["First", "Second"]
    assert Authorship.objects.count() == 3


def test_a_clash_with_an_edit_saved_meanwhile_is_refused_with_a_reason(admin_client, monkeypatch):
    real_plan_import = services.plan_import

    def plan_then_someone_saves(text):
        plan = real_plan_import(text)
        if not Publication.objects.exists():  # an editor adds "first" by hand meanwhile
            Publication.objects.create(title="First (by hand)", slug="first", year=2020)
        return plan

    monkeypatch.setattr(services, "plan_import", plan_then_someone_saves)
    response = confirm(admin_client)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The database changed since the preview; nothing from this file was saved." in html
    assert "saved a publication with the same address or BibTeX key while this import" in html
    assert "Preview: 2 new, 0 changed, 0 unchanged" in html
    # Nothing from the file; the hand-made row went too, as this test has one connection.
    assert not Publication.objects.exists()


@pytest.mark.parametrize(
    "step", [{}, {"publish": "on", "confirm": "1"}], ids=["preview", "confirm"]
)
def test_an_import_over_the_time_budget_stops_with_a_message(admin_client, settings, step):
    settings.IMPORT_MAX_SECONDS = 0
    response = admin_client.post(IMPORT_URL, {"text": TEXT, **step})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Reading and checking this file took longer than 0 seconds (setting "
        "IMPORT_MAX_SECONDS), so it was stopped and nothing was imported. Split it into "
        "smaller files."
    ]
    assert "plan" not in response.context
    assert not Publication.objects.exists()
