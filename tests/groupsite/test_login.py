import pytest

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
