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


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache switched on (tests run with it off), emptied."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


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
