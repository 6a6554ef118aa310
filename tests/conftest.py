import pytest

from tests.factories import SiteSettingsFactory


@pytest.fixture
def site_settings(db):
    return SiteSettingsFactory()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="not-a-real-password", is_staff=True
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture(autouse=True)
def fresh_site_chrome():
    from groupsite.site.selectors import forget_kept

    forget_kept()
    yield
    forget_kept()


@pytest.fixture(autouse=True)
def fresh_content_types():
    """A restore reloads content types under the archive's ids; the test's rollback puts
    the old ids back, so the worker's memo of them must not outlive the test."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache switched on (tests run with it off), emptied, with no
    missed invalidation left over from another test."""
    from django.core.cache import cache

    from groupsite.http import cache as page_cache_module

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    page_cache_module._bump_failed = False
    yield
    cache.clear()
    page_cache_module._bump_failed = False


@pytest.fixture
def mail_outage(settings):
    """Every mail fails as with an SMTP server that hangs up."""
    settings.EMAIL_BACKEND = "tests.mail_backends.SMTPDownBackend"


@pytest.fixture
def editor_client(client, django_user_model):
    """A staff member in the Editors group (permissions from the data migrations)."""
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    return client


@pytest.fixture
def previews(settings, tmp_path):
    """Spreadsheet import previews kept in a folder of the test's own."""
    settings.SPREADSHEET_IMPORT_PREVIEW_DIR = tmp_path / "previews"
    return settings.SPREADSHEET_IMPORT_PREVIEW_DIR


@pytest.fixture
def cache_outage(settings):
    """Every cache call fails as with Redis stopped."""
    settings.CACHES = {"default": {"BACKEND": "tests.cache_backends.RedisDownCache"}}


@pytest.fixture
def wsgi_keeps_the_test_transaction():
    """Called as a WSGI app, Django closes the database connection after each request,
    and with it the test's transaction; its own test client switches this off the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def raw_wsgi(wsgi_keeps_the_test_transaction):
    """Calls the site's WSGI application as a server would, returning (status, headers,
    body) exactly as sent. Django's test client drops the body of every HEAD answer
    itself, so a test of what HEAD sends must come this way."""
    from wsgiref.util import setup_testing_defaults

    from config.wsgi import application

    def call(method, path, query="", **headers):
        environ = {f"HTTP_{name.upper()}": value for name, value in headers.items()}
        environ.update(REQUEST_METHOD=method, PATH_INFO=path, QUERY_STRING=query,
                       SERVER_NAME="testserver", HTTP_HOST="testserver")  # fmt: skip
        setup_testing_defaults(environ)
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"] = int(status.split()[0])
            answer["headers"] = dict(response_headers)

        chunks = application(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        return answer["status"], answer["headers"], body

    return call
