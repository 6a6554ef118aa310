from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db


def test_admin_login_locks_out_after_repeated_failures(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        response = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Even the right password is refused while the lock holds.
    right = client.post("/admin/login/", {"username": "editor", "password": "not-a-real-password"})
    assert right.status_code == 429


def test_successful_login_resets_the_failure_count(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    ok = client.post("/admin/login/", {"username": "editor", "password": "not-a-real-password"})
    assert ok.status_code == 302
    client.logout()
    again = client.post("/admin/login/", {"username": "editor", "password": "wrong"})
    assert again.status_code == 200


def test_session_and_csrf_cookies_have_safe_flags(client, staff_user):
    client.get("/admin/login/")
    response = client.post(
        "/admin/login/", {"username": "editor", "password": "not-a-real-password"}
    )
    session = response.cookies["sessionid"]
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["samesite"] == "Lax"


def fail_until_locked(client, settings, username="editor"):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post(
            "/admin/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
    assert response.status_code == 429


def login(client, username="editor", password="not-a-real-password", address="10.0.0.1"):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_lockout_holds_only_for_that_user_name_from_that_address(
    client, staff_user, django_user_model, settings
):
    django_user_model.objects.create_user("colleague", password="colleague-pass", is_staff=True)
    fail_until_locked(client, settings)
    assert login(client).status_code == 429
    # The same user name from another address may still log in...
    assert login(Client(), address="10.0.0.2").status_code == 302
    # ...and so may another user name from the locked address.
    assert login(Client(), "colleague", "colleague-pass").status_code == 302


def test_lockout_expires_after_the_cool_off(client, staff_user, settings):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as clock:
        fail_until_locked(client, settings)
        clock.move_to(datetime(2026, 3, 2, 9, 59, tzinfo=UTC))
        assert login(client).status_code == 429
        # A refused attempt counts as a failure too: the hour starts again from 9:59.
        clock.move_to(datetime(2026, 3, 2, 11, 0, tzinfo=UTC))
        assert login(client).status_code == 302


def test_lockout_defaults_are_five_failures_for_one_hour():
    from django.conf import settings

    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME) == (5, 1)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
