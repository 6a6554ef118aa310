"""One IPv6 client usually holds a whole /64: the lockout counts it as one address."""

import pytest
from django.test import RequestFactory

from groupsite.http.lockout import client_ip_address

pytestmark = pytest.mark.django_db


def fail(client, username, address, settings):
    """A wrong password through nginx (PROXY_COUNT=1), as the client at ``address``."""
    settings.PROXY_COUNT = 1
    return client.post("/admin/login/", {"username": username, "password": "wrong"},
                       REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)  # fmt: skip


def log_in(client, address):
    return client.post("/admin/login/", {"username": "editor", "password": "not-a-real-password"},
                       REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address)  # fmt: skip


@pytest.mark.parametrize(
    ("remote_addr", "forwarded_for", "proxies", "counted_as"),
    [
        ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "", 0, "2001:db8:1:2::"),
        ("127.0.0.1", "2001:DB8:1:2::1", 1, "2001:db8:1:2::"),
        ("127.0.0.1", "::ffff:203.0.113.7", 1, "203.0.113.7"),
        ("127.0.0.1", "203.0.113.7", 1, "203.0.113.7"),
        ("203.0.113.8", "", 0, "203.0.113.8"),
        ("", "", 0, ""),
    ],
)
def test_ipv6_addresses_count_by_their_slash_64_and_ipv4_by_address(
    settings, remote_addr, forwarded_for, proxies, counted_as
):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr,
                                   HTTP_X_FORWARDED_FOR=forwarded_for)  # fmt: skip
    assert client_ip_address(request) == counted_as


def test_one_user_name_locked_from_a_slash_64_stays_locked_for_its_other_addresses(
    client, staff_user, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(1, 4):
        fail(client, "editor", f"2001:db8:1:2::{n}", settings)
    assert log_in(client, "2001:db8:1:2:ffff:ffff:ffff:ffff").status_code == 429
    assert log_in(client, "2001:db8:1:3::1").status_code == 302  # the next /64


def test_many_user_names_from_one_slash_64_lock_the_whole_network(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    statuses = [fail(client, f"guess{n}", f"2001:db8:1:2::{n:x}", settings).status_code
                for n in range(7)]  # fmt: skip
    assert statuses == [200] * 5 + [429] * 2
    assert fail(client, "guess8", "2001:db8:1:3::1", settings).status_code == 200


def test_ipv4_clients_are_still_told_apart_by_address(client, staff_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        fail(client, "editor", "203.0.113.7", settings)
    assert log_in(client, "203.0.113.7").status_code == 429
    assert log_in(client, "203.0.113.8").status_code == 302


def test_the_lockout_page_reads_in_german_under_german(db):
    from django.contrib.auth.models import AnonymousUser
    from django.template.loader import render_to_string
    from django.utils import translation

    request = RequestFactory().post("/admin/login/")
    request.user = AnonymousUser()
    with translation.override("de"):
        html = render_to_string("admin/locked_out.html", {"site_title": "Testgruppe"}, request)
    assert "<title>Anmeldung gesperrt · Testgruppe</title>" in html
    assert "<h1>Zu viele fehlgeschlagene Anmeldungen</h1>" in html
    assert (
        "Nach wiederholt falschen Passwörtern von Ihrer Adresse aus ist dieses Konto für eine "
        "Stunde gesperrt." in html
    )
    assert "unter „Axes › Access attempts“ freizugeben." in html
