import pytest
from django.db import DatabaseError

from groupsite.http import health

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_and_cache_respond(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken():
        raise DatabaseError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "cache": "ok"}


def test_healthz_answers_503_when_the_cache_loses_data(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
