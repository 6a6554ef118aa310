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


def _fail_login(client, username="editor", forwarded_for=None, remote_addr="127.0.0.1"):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post("/admin/login/", {"username": username, "password": "wrong"}, **extra)


def test_behind_a_proxy_the_lockout_counts_the_real_client_address(client, staff_user, settings):
    """nginx connects from 127.0.0.1 for everyone; X-Forwarded-For names the client."""
    settings.PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        locked = _fail_login(client, forwarded_for="203.0.113.7")
    assert locked.status_code == 429
    # Another visitor behind the same proxy logs in as the same user name.
    ok = client.post(
        "/admin/login/",
        {"username": "editor", "password": "not-a-real-password"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert ok.status_code == 302


def test_a_forged_forwarded_for_entry_does_not_escape_the_lockout(client, staff_user, settings):
    """Only the entry the proxy appended counts; what the client sent in front is ignored."""
    settings.PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):
        _fail_login(client, forwarded_for=f"10.0.0.{n}, 203.0.113.7")
    still_locked = _fail_login(client, forwarded_for="10.9.9.9, 203.0.113.7")
    assert still_locked.status_code == 429


def test_without_proxy_count_a_forwarded_for_header_is_not_trusted(client, staff_user, settings):
    settings.PROXY_COUNT = 0
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):
        _fail_login(client, forwarded_for=f"203.0.113.{n}", remote_addr="192.0.2.1")
    assert (
        _fail_login(client, forwarded_for="203.0.113.99", remote_addr="192.0.2.1").status_code
        == 429
    )
    assert _fail_login(client, remote_addr="192.0.2.2").status_code == 200


def test_a_request_that_bypassed_the_proxies_is_counted_by_its_connection(
    client, staff_user, settings
):
    settings.PROXY_COUNT = 2
    settings.AXES_FAILURE_LIMIT = 2
    _fail_login(client, forwarded_for="203.0.113.7", remote_addr="192.0.2.1")
    locked = _fail_login(client, forwarded_for="garbage", remote_addr="192.0.2.1")
    assert locked.status_code == 429


def test_one_address_trying_many_user_names_is_locked_out(client, staff_user, settings):
    settings.PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for n in range(5):
        assert _fail_login(client, f"guess{n}", forwarded_for="203.0.113.7").status_code == 200
    assert _fail_login(client, "guess5", forwarded_for="203.0.113.7").status_code == 429
    # Locked for every user name, the real one with its right password too...
    right = client.post(
        "/admin/login/",
        {"username": "editor", "password": "not-a-real-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert right.status_code == 429
    # ...but only at that address.
    elsewhere = _fail_login(client, "guess6", forwarded_for="198.51.100.4")
    assert elsewhere.status_code == 200


def test_a_successful_login_does_not_clear_the_address_count(client, staff_user, settings):
    """An attacker with one valid account cannot reset the per-address count with it."""
    settings.PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for n in range(3):
        _fail_login(client, f"guess{n}", forwarded_for="203.0.113.7")
    ok = client.post(
        "/admin/login/",
        {"username": "editor", "password": "not-a-real-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert ok.status_code == 302
    client.logout()
    assert _fail_login(client, "guess3", forwarded_for="203.0.113.7").status_code == 429


def test_an_address_limit_of_zero_turns_the_per_address_limit_off(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 0
    statuses = [_fail_login(client, f"guess{n}").status_code for n in range(6)]
    assert statuses == [200] * 6


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


def test_lockout_defaults_are_five_failures_per_user_name_twenty_per_address_for_one_hour():
    from django.conf import settings

    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME) == (5, 1)
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "ip_address"]
    assert settings.AXES_CLIENT_IP_CALLABLE == "groupsite.http.lockout.client_ip_address"
