"""Backups hold the history, restores are all-or-nothing, bad archives get a message."""

import hashlib
import io
import json
import stat
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from reversion.models import Version

from people.models import Member
from tests.factories import image_upload

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def member_form(name, slug, **overrides):
    return {
        "name": name, "slug": slug, "role": "postdoc", "title_en": "", "bio_en": "Bio.",
        "photo_focus_x": "50", "photo_focus_y": "50", "published": "on", "email": "",
        "homepage": "", "orcid": "", "google_scholar": "", "github": "",
        "display_order": "0", "alumni_label": "former", **overrides,
    }  # fmt: skip


def wipe(media_root):
    call_command("flush", "--noinput", verbosity=0)
    for path in sorted(media_root.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive_with(path, manifest=None, members=None):
    """A hand-made archive: ``members`` maps zip names to bytes."""
    members = members or {}
    data = members.setdefault("data.xml", b'<?xml version="1.0"?><django-objects version="1.0"/>')
    if manifest is None:
        manifest = {
            "format": "groupsite-backup", "version": 1, "created": "2026-01-01T00:00:00",
            "database": "sqlite", "data_sha256": sha(data),
            "media": {
                name.removeprefix("media/"): sha(content)
                for name, content in members.items() if name.startswith("media/")
            },
        }  # fmt: skip
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        archive.writestr("manifest.json", json.dumps(manifest))
    return path


def test_archive_is_readable_by_its_owner_only(media, tmp_path):
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_history_and_deleted_items_survive_a_restore(admin_client, admin_user, media, tmp_path):
    admin_client.post("/admin/people/member/add/", member_form("Ada Lovelace", "ada"))
    ada = Member.objects.get(slug="ada")
    admin_client.post(f"/admin/people/member/{ada.pk}/change/", member_form("Ada King", "ada"))
    admin_client.post("/admin/people/member/add/", member_form("Gone Person", "gone"))
    gone = Member.objects.get(slug="gone")
    admin_client.post(f"/admin/people/member/{gone.pk}/delete/", {"post": "yes"})
    versions = sorted(Version.objects.values_list("object_repr", flat=True))
    assert versions == ["Ada King", "Ada Lovelace", "Gone Person"]
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    wipe(media)
    assert not Version.objects.exists()
    call_command("restore", str(archive), stdout=io.StringIO())
    assert sorted(Version.objects.values_list("object_repr", flat=True)) == versions
    admin_client.force_login(type(admin_user).objects.get(username=admin_user.username))
    history = admin_client.get(f"/admin/people/member/{ada.pk}/history/").content.decode()
    assert history.count("/history/") >= 2
    recover = admin_client.get("/admin/people/member/recover/").content.decode()
    assert "Gone Person" in recover


def test_a_failure_while_writing_media_leaves_nothing_and_a_retry_works(
    admin_client, media, tmp_path, monkeypatch
):
    for number in range(3):
        admin_client.post(
            "/admin/people/member/add/",
            {**member_form(f"P{number}", f"p{number}"), "photo": image_upload(f"{number}.png")},
        )
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    wipe(media)
    storage_class = type(default_storage._wrapped)
    real_save = storage_class.save
    calls = []

    def failing_save(storage, name, content, *args, **kwargs):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(storage, name, content, *args, **kwargs)

    monkeypatch.setattr(storage_class, "save", failing_save)
    with pytest.raises(CommandError, match="disk full"):
        call_command("restore", str(archive))
    assert not Member.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]
    monkeypatch.undo()
    call_command("restore", str(archive), stdout=io.StringIO())
    assert Member.objects.count() == 3
    assert all(default_storage.exists(member.photo.name) for member in Member.objects.all())


def test_an_archive_that_unpacks_past_the_limit_is_refused(media, tmp_path, settings):
    settings.RESTORE_MAX_BYTES = 1_000_000
    bomb = archive_with(tmp_path / "bomb.zip", members={"media/zeros.bin": bytes(5_000_000)})
    assert bomb.stat().st_size < 50_000
    with pytest.raises(CommandError, match=r"unpacks to more than 976\.6\xa0KB"):
        call_command("restore", str(bomb))
    assert not media.exists() or not any(media.rglob("*"))


@pytest.mark.parametrize(
    ("manifest", "members", "message"),
    [
        (["not", "a", "dict"], None, "a zip archive, but not a groupsite backup"),
        ({"format": "groupsite-backup", "version": 1}, None, "incomplete manifest"),
        (
            {"format": "groupsite-backup", "version": 1, "data_sha256": "x", "media": []},
            None, "incomplete manifest",
        ),
        (None, {"data.xml": b"<not-xml"}, "could not be loaded, nothing was kept"),
        (None, {"media/../../etc/passwd": b"x"}, "unsafe file path"),
        (None, {"media/\\evil.png": b"x"}, "unsafe file path"),
    ],
    ids=["manifest-list", "no-checksums", "media-list", "bad-xml", "traversal", "backslash"],
)  # fmt: skip
def test_bad_archives_are_refused_with_a_message(media, tmp_path, manifest, members, message):
    archive = archive_with(tmp_path / "bad.zip", manifest=manifest, members=members)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(archive))
    assert not Member.objects.exists()


def test_manifest_that_is_not_json_is_refused(media, tmp_path):
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", b"\xff\xfe{")
    with pytest.raises(CommandError, match="manifest is not JSON"):
        call_command("restore", str(path))


def test_a_leftover_partial_file_with_wider_rights_is_made_private(media, tmp_path):
    leftover = tmp_path / "site.zip.partial"
    leftover.write_bytes(b"an interrupted backup")
    leftover.chmod(0o644)
    call_command("backup", str(tmp_path / "site.zip"), stdout=io.StringIO())
    assert stat.S_IMODE((tmp_path / "site.zip").stat().st_mode) == 0o600


def test_files_written_before_a_refusal_are_removed(admin_client, media, tmp_path, monkeypatch):
    for number in range(3):
        admin_client.post(
            "/admin/people/member/add/",
            {**member_form(f"P{number}", f"p{number}"), "photo": image_upload(f"{number}.png")},
        )
    archive = tmp_path / "site.zip"
    call_command("backup", str(archive), stdout=io.StringIO())
    wipe(media)
    storage_class = type(default_storage._wrapped)
    real_save = storage_class.save
    calls = []

    def renaming_save(storage, name, content, *args, **kwargs):
        calls.append(name)
        # The second file lands under another name (a storage that renames on a clash).
        return real_save(storage, name + "-2" if len(calls) == 2 else name, content)

    monkeypatch.setattr(storage_class, "save", renaming_save)
    with pytest.raises(CommandError, match="could not be stored under its name"):
        call_command("restore", str(archive))
    assert len(calls) == 2
    assert not Member.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]
