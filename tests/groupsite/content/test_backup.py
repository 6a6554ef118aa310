import hashlib
import io
import json
import os
import re
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from config import env
from groupsite.content.backup import NOT_DUMPED, dump_data
from groupsite.site.models import PartnerLogo, SiteSettings
from people.models import Member
from tests.factories import image_upload

# serialized_rollback: data made by migrations (the Editors group) survives between tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def populated(media, django_user_model):
    call_command("load_demo_content", verbosity=0)
    django_user_model.objects.create_superuser("chief", "chief@example.org", "pw-123-secret")


def rows() -> str:
    """Every backed-up row in primary-key order, timestamps to the microsecond."""
    return dump_data().decode()


def media_checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def wipe(media_root: Path) -> None:
    call_command("flush", "--noinput", verbosity=0)
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_backup_flush_restore_reproduces_every_row_and_file(populated, media, tmp_path):
    before_rows, before_media = rows(), media_checksums(media)
    assert len(before_media) >= 13
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    wipe(media)
    assert Member.objects.count() == 0 and media_checksums(media) == {}
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert rows() == before_rows
    assert media_checksums(media) == before_media
    assert f"{len(before_media)} media file(s)" in out.getvalue()


# Tables a backup leaves out on purpose; every other table in the database must come back.
NOT_BACKED_UP = {
    "django_migrations": "rebuilt by migrate",
    "django_content_type": "rebuilt by migrate",
    "auth_permission": "rebuilt by migrate",
    "django_session": "log-ins are not content",
    "axes_accessattempt": "login failures expire within hours",
    "axes_accessfailurelog": "login failures expire within hours",
    "axes_accesslog": "login failures expire within hours",
    "reversion_revision": "edit history stays with the old site",
    "reversion_version": "edit history stays with the old site",
}


def table_rows() -> dict[str, int]:
    """Row counts of every table the database holds, found by asking the database."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def test_restore_brings_back_every_table_the_database_holds(populated, media, tmp_path):
    editors = Group.objects.get(name="Editors")
    editor = get_user_model().objects.create_user("ed", password="pw-456-secret")
    editor.groups.add(editors)
    LogEntry.objects.create(
        user=editor, content_type=ContentType.objects.get_for_model(Member), object_id="1",
        object_repr="A member", action_flag=ADDITION,
    )  # fmt: skip
    before = table_rows()
    backed_up = {table: count for table, count in before.items() if table not in NOT_BACKED_UP}
    for table in ("auth_user", "auth_user_groups", "auth_group", "auth_group_permissions",
                  "django_admin_log"):  # fmt: skip
        assert backed_up[table] > 0, table
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    wipe(media)
    call_command("restore", str(archive), stdout=io.StringIO())
    after = table_rows()
    assert {table: after[table] for table in backed_up} == backed_up


def test_truncated_archive_is_refused_and_changes_nothing(populated, media, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    wipe(media)
    wiped = rows()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match=r"Nothing was restored\. .*not a groupsite backup"):
        call_command("restore", str(truncated))
    assert rows() == wiped
    assert media_checksums(media) == {}


def test_corrupted_member_of_archive_is_refused(populated, media, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    wipe(media)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "data.xml":
                content = content.replace(b"David Greenberg", b"Mallory Mallet")
            target.writestr(item, content)
    with pytest.raises(CommandError, match=r"data\.xml does not match its checksum"):
        call_command("restore", str(damaged))
    assert not Member.objects.exists()


def test_foreign_zip_is_refused(media, tmp_path):
    foreign = tmp_path / "photos.zip"
    with zipfile.ZipFile(foreign, "w") as archive:
        archive.writestr("holiday.txt", "not a backup")
    with pytest.raises(CommandError, match=r"not a groupsite backup: it lacks manifest\.json"):
        call_command("restore", str(foreign))


def test_restore_refuses_a_site_with_content(populated, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    count = Member.objects.count()
    with pytest.raises(CommandError, match="already has content or user accounts"):
        call_command("restore", str(archive))
    assert Member.objects.count() == count


@pytest.mark.skipif(
    not os.environ.get("RESTORE_POSTGRES_URL"), reason="RESTORE_POSTGRES_URL is not set"
)
def test_backup_restores_into_postgresql(populated, media, tmp_path):
    """The documented way to outgrow SQLite: back up, restore into PostgreSQL."""
    import psycopg

    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    server = os.environ["RESTORE_POSTGRES_URL"]
    name = f"groupsite_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        target = server.rsplit("/", 1)[0] + f"/{name}"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": target,
            "MEDIA_ROOT": str(tmp_path / "pg-media"),
        }

        def manage(*arguments):
            return subprocess.run(
                [sys.executable, "manage.py", *arguments], env=environment, cwd=env.BASE_DIR,
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip

        manage("migrate", "--noinput", "-v0")
        manage("restore", str(archive))
        excluded = [f"--exclude={label}" for label in NOT_DUMPED]
        restored = manage("dumpdata", *excluded, "--format=xml", "--natural-foreign", "--indent=1")
        assert restored == rows()
        assert media_checksums(tmp_path / "pg-media") == media_checksums(media)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def as_written_before_the_site_settings_moved(archive: Path, target: Path) -> bytes:
    """The archive as a release before site migration 0001 wrote it: the site's facts in pages."""
    with zipfile.ZipFile(archive) as source:
        manifest = json.loads(source.read("manifest.json"))
        data = source.read("data.xml").decode()
        for model in ("sitesettings", "partnerlogo"):
            data = data.replace(f'"site.{model}"', f'"pages.{model}"')
            data = re.sub(
                rf"<natural>site</natural>(\s*)<natural>{model}</natural>",
                rf"<natural>pages</natural>\1<natural>{model}</natural>",
                data,
            )
        manifest["data_sha256"] = hashlib.sha256(data.encode()).hexdigest()
        with zipfile.ZipFile(target, "w") as written:
            for item in source.infolist():
                if item.filename == "data.xml":
                    written.writestr(item, data.encode())
                elif item.filename == "manifest.json":
                    written.writestr(item, json.dumps(manifest))
                else:
                    written.writestr(item, source.read(item))
    return data.encode()


def test_an_archive_from_before_the_site_settings_moved_restores_them(populated, media, tmp_path):
    PartnerLogo.objects.create(
        site_settings=SiteSettings.load(), name="Partner", logo=image_upload("partner.png")
    )
    before_rows = rows()
    archive, old = tmp_path / "site.zip", tmp_path / "old.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    old_data = as_written_before_the_site_settings_moved(archive, old)
    assert b'model="pages.sitesettings"' in old_data and b'model="pages.partnerlogo"' in old_data
    assert re.search(rb"<natural>pages</natural>\s*<natural>sitesettings</natural>", old_data)
    wipe(media)
    call_command("restore", str(old), stdout=io.StringIO())
    assert rows() == before_rows
