"""One-file backups of all content and uploads, and exact restores into an empty site.

The archive is a zip holding ``data.xml`` (Django's dumpdata, database-neutral, so a
SQLite backup restores into PostgreSQL; XML because Django's JSON drops the microseconds
of timestamps, and a restore must be exact), every file under MEDIA_ROOT under ``media/``,
and ``manifest.json`` with a SHA-256 for each. A restore checks everything before it
writes anything, and writes the database in one transaction.
"""

import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction

from groupsite.cache import bump_content_generation

FORMAT = "groupsite-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.xml"
DUMPED = ["auth.group", "auth.user", "admin.logentry", *settings.CONTENT_APPS]


class BackupError(Exception):
    """The archive cannot be used, or the site is not ready for it; nothing was changed."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _media_files(root: Path):
    if root.exists():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path, path.relative_to(root).as_posix()


def create_backup(target: Path) -> dict:
    """Write the archive; returns its manifest."""
    data = io.StringIO()
    call_command("dumpdata", *DUMPED, format="xml", natural_foreign=True, indent=1, stdout=data)
    data_bytes = data.getvalue().encode()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "data_sha256": _sha256(data_bytes),
        "media": {},
    }
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DATA, data_bytes)
        for path, name in _media_files(Path(settings.MEDIA_ROOT)):
            content = path.read_bytes()
            manifest["media"][name] = _sha256(content)
            archive.writestr(f"media/{name}", content, compress_type=zipfile.ZIP_STORED)
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    partial.replace(target)  # a backup interrupted half-way never looks complete
    return manifest


def _read_verified(source: Path) -> tuple[dict, bytes, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupError(f"There is no file at {source}.") from None
    except (zipfile.BadZipFile, OSError):
        raise BackupError(
            f"{source} is not a groupsite backup (not a readable zip archive)."
        ) from None
    try:
        damaged = archive.testzip()
        if damaged:
            raise BackupError(f"The archive is damaged: {damaged} fails its checksum.")
        manifest = json.loads(archive.read(MANIFEST))
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{source} is a zip archive, but not a groupsite backup.")
        if manifest.get("version") != VERSION:
            raise BackupError(f"Backup format version {manifest.get('version')} is not supported.")
        data = archive.read(DATA)
        if _sha256(data) != manifest["data_sha256"]:
            raise BackupError(f"The archive is damaged: {DATA} does not match its checksum.")
        for name, digest in manifest["media"].items():
            if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts:
                raise BackupError(f"The archive names an unsafe file path: {name}.")
            if _sha256(archive.read(f"media/{name}")) != digest:
                raise BackupError(f"The archive is damaged: media/{name} does not match.")
    except KeyError:
        archive.close()
        raise BackupError(
            f"{source} is not a groupsite backup: it lacks {MANIFEST}, {DATA} or a media file."
        ) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        archive.close()
        raise BackupError(f"The archive is damaged and cannot be read ({error}).") from None
    except BackupError:
        archive.close()
        raise
    return manifest, data, archive


def site_is_empty() -> bool:
    models = [
        model for app in settings.CONTENT_APPS for model in apps.get_app_config(app).get_models()
    ]
    return not get_user_model().objects.exists() and not any(
        model.objects.exists() for model in models
    )


def restore_backup(source: Path) -> dict:
    """Restore into an empty site; returns the manifest. Raises BackupError, changing nothing."""
    manifest, data, archive = _read_verified(source)
    with archive:
        if not site_is_empty():
            raise BackupError(
                "The site already has content or user accounts. Restore into an empty database "
                "(a new DATABASE_URL, or `manage.py flush`), so nothing is mixed or overwritten."
            )
        media_root = Path(settings.MEDIA_ROOT)
        clashes = [name for name in manifest["media"] if (media_root / name).exists()]
        if clashes:
            raise BackupError(
                f"{len(clashes)} file(s) already exist in MEDIA_ROOT ({media_root}), e.g. "
                f"{clashes[0]}; restore into an empty media folder."
            )
        with tempfile.TemporaryDirectory() as scratch:
            fixture = Path(scratch) / DATA
            fixture.write_bytes(data)
            staged = Path(scratch) / "media"
            for name in manifest["media"]:
                destination = staged / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                destination.write_bytes(archive.read(f"media/{name}"))
            with transaction.atomic():
                call_command("loaddata", str(fixture), verbosity=0)
            for name in manifest["media"]:
                destination = media_root / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(staged / name, destination)
    bump_content_generation()
    return manifest
