"""One-file backups of the whole site, and exact restores into an empty site.

The archive is a zip holding ``data.xml`` (Django's dumpdata, database-neutral, so a
SQLite backup restores into PostgreSQL; XML because Django's JSON drops the microseconds
of timestamps, and a restore must be exact), every stored upload under ``media/``, and
``manifest.json`` with a SHA-256 for each. Everything in the database is in it (content,
user accounts, groups, the admin log and the revision history), except what `migrate`
makes again and what is only worth its moment: content types, permissions, login
sessions and login-lockout records.

A restore reads and checks the whole archive (paths, sizes, checksums) before it writes
anything, then loads the database and writes the media files in one transaction: if any
part fails, the files it wrote are removed and the database is rolled back.
"""

import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from groupsite.http.cache import bump_content_generation

FORMAT = "groupsite-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.xml"
# Made again by `migrate`, or meaningless on another server.
NOT_DUMPED = ["contenttypes", "auth.permission", "sessions", "axes"]
CHUNK = 1024 * 1024
# Models that moved to another app since older archives were written: their old app label,
# model name and new app label (site migration 0001 moved the site's facts into the core).
MOVED_MODELS = [("pages", "sitesettings", "site"), ("pages", "partnerlogo", "site")]


class BackupError(Exception):
    """The archive cannot be used, or the site is not ready for it; nothing was changed."""


def dumped_models():
    excluded_apps = {label for label in NOT_DUMPED if "." not in label}
    excluded_models = {label for label in NOT_DUMPED if "." in label}
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in excluded_apps
        and model._meta.label_lower not in excluded_models
        and not model._meta.proxy
    ]


def dump_data() -> bytes:
    data = io.StringIO()
    call_command(
        "dumpdata",
        exclude=NOT_DUMPED,
        format="xml",
        natural_foreign=True,
        indent=1,
        stdout=data,
    )
    return data.getvalue().encode()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stored_files(folder: str = ""):
    """Every stored upload's name, through the storage API (works for any backend)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}{name}"
    for sub in sorted(folders):
        yield from _stored_files(f"{folder}{sub}/")


def create_backup(target: Path) -> dict:
    """Write the archive, readable by its owner only (it holds password hashes)."""
    data_bytes = dump_data()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "data_sha256": _sha256(data_bytes),
        "media": {},
    }
    partial = target.with_name(target.name + ".partial")
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(handle, 0o600)  # also when an old .partial was left with other rights
    with (
        os.fdopen(handle, "wb") as raw,
        zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(DATA, data_bytes)
        for name in _stored_files():
            with default_storage.open(name) as stored:
                content = stored.read()
            manifest["media"][name] = _sha256(content)
            archive.writestr(f"media/{name}", content, compress_type=zipfile.ZIP_STORED)
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
    partial.replace(target)  # a backup interrupted half-way never looks complete
    return manifest


def _limit() -> int:
    return settings.RESTORE_MAX_BYTES


def _extract(archive: zipfile.ZipFile, member: str, destination: Path, budget: list[int]):
    """Copy one member to ``destination`` in chunks, stopping as soon as the archive's
    total exceeds the budget, whatever sizes its headers claim; returns the SHA-256."""
    digest = hashlib.sha256()
    with archive.open(member) as source, destination.open("wb") as out:
        while chunk := source.read(CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise BackupError(
                    _("The archive unpacks to more than %(limit)s (RESTORE_MAX_MB); it was not "
                      "restored.") % {"limit": filesizeformat(_limit())}
                )  # fmt: skip
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def _manifest(archive: zipfile.ZipFile, source: Path) -> dict:
    with archive.open(MANIFEST) as raw:
        text = raw.read(CHUNK + 1)
    if len(text) > CHUNK:
        raise BackupError(
            _("%(source)s is not a groupsite backup: its manifest is far too large.")
            % {"source": source}
        )
    try:
        manifest = json.loads(text)
    except (ValueError, UnicodeDecodeError):
        raise BackupError(
            _("%(source)s is not a groupsite backup: its manifest is not JSON.")
            % {"source": source}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(source)s is a zip archive, but not a groupsite backup.") % {"source": source}
        )
    if manifest.get("version") != VERSION:
        raise BackupError(
            _("Backup format version %(version)s is not supported.")
            % {"version": manifest.get("version")}
        )
    media = manifest.get("media")
    if not isinstance(manifest.get("data_sha256"), str) or not isinstance(media, dict):
        raise BackupError(
            _("%(source)s has an incomplete manifest (no checksums).") % {"source": source}
        )
    for name, digest in media.items():
        path = PurePosixPath(name)
        if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
            raise BackupError(
                _("The archive names an unsafe file path: %(name)s.") % {"name": name}
            )
        if not isinstance(digest, str):
            raise BackupError(
                _("The archive's manifest has no checksum for %(name)s.") % {"name": name}
            )
    return manifest


def _unpack_verified(source: Path, scratch: Path) -> tuple[dict, Path, dict[str, Path]]:
    """Unpack and check the whole archive into ``scratch``; returns the manifest, the data
    file and the staged media files. Raises BackupError on any problem."""
    try:
        archive = zipfile.ZipFile(source)
    except FileNotFoundError:
        raise BackupError(_("There is no file at %(source)s.") % {"source": source}) from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BackupError(
            _("%(source)s is not a groupsite backup (not a readable zip archive).")
            % {"source": source}
        ) from None
    budget = [_limit()]
    try:
        with archive:
            manifest = _manifest(archive, source)
            data = scratch / DATA
            if _extract(archive, DATA, data, budget) != manifest["data_sha256"]:
                raise BackupError(
                    _("The archive is damaged: %(name)s does not match its checksum.")
                    % {"name": DATA}
                )
            staged = {}
            for number, (name, expected) in enumerate(manifest["media"].items()):
                staged[name] = scratch / f"media-{number}"
                if _extract(archive, f"media/{name}", staged[name], budget) != expected:
                    raise BackupError(
                        _("The archive is damaged: media/%(name)s does not match.") % {"name": name}
                    )
    except KeyError:
        raise BackupError(
            _("%(source)s is not a groupsite backup: it lacks %(manifest)s, %(data)s or a media "
              "file.") % {"source": source, "manifest": MANIFEST, "data": DATA}
        ) from None  # fmt: skip
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise BackupError(
            _("The archive is damaged and cannot be read (%(error)s).") % {"error": error}
        ) from None
    return manifest, data, staged


def site_is_empty() -> bool:
    """No user accounts and no content (rows made by migrations, like groups, don't count)."""
    content = [
        model
        for model in dumped_models()
        if model._meta.app_label not in {"auth", "admin", "reversion"}
    ]
    return not get_user_model().objects.exists() and not any(
        model._default_manager.exists() for model in content
    )


def restore_backup(source: Path) -> dict:
    """Restore into an empty site; returns the manifest. Raises BackupError, changing nothing."""
    with tempfile.TemporaryDirectory() as scratch:
        manifest, data, staged = _unpack_verified(source, Path(scratch))
        if not site_is_empty():
            raise BackupError(
                _("The site already has content or user accounts. Restore into an empty database "
                  "(a new DATABASE_URL, or `manage.py flush`), so nothing is mixed or overwritten.")
            )  # fmt: skip
        _use_current_app_labels(data)
        clashes = [name for name in staged if default_storage.exists(name)]
        if clashes:
            raise BackupError(
                ngettext(
                    "%(count)s file(s) already exist in the media storage, e.g. %(name)s; "
                    "restore into an empty media folder.",
                    "%(count)s file(s) already exist in the media storage, e.g. %(name)s; "
                    "restore into an empty media folder.",
                    len(clashes),
                )
                % {"count": len(clashes), "name": clashes[0]}
            )
        written: list[str] = []
        try:
            with transaction.atomic():
                call_command("loaddata", str(data), verbosity=0)
                # The archive's content types may carry other ids than the ones this
                # process remembers; history and permissions look them up by id.
                ContentType.objects.clear_cache()
                for name, path in staged.items():
                    with path.open("rb") as content:
                        stored = default_storage.save(name, File(content))
                    written.append(stored)
                    if stored != name:
                        raise BackupError(
                            _("media/%(name)s could not be stored under its name.") % {"name": name}
                        )
        except BackupError:
            _remove(written)
            raise
        except (DatabaseError, OSError, ValueError, LookupError) as error:
            _remove(written)
            raise BackupError(
                _("The archive could not be restored, nothing was kept: %(error)s")
                % {"error": error}
            ) from error
        except Exception as error:  # loaddata wraps its errors in many types
            _remove(written)
            raise BackupError(
                _("The archive's data could not be loaded, nothing was kept: %(error)s")
                % {"error": error}
            ) from error
        except BaseException:  # interrupted (Ctrl-C, a stopped worker): leave nothing half-done
            _remove(written)
            raise
    bump_content_generation()
    return manifest


def _use_current_app_labels(data: Path) -> None:
    """An archive from before a model moved names it by its old app label: as the model
    (``model=``, ``to=``, saved versions' JSON) and in natural keys (content types,
    permissions)."""
    text = data.read_text(encoding="utf-8")
    for old, model, new in MOVED_MODELS:
        text = text.replace(f'"{old}.{model}"', f'"{new}.{model}"')
        text = re.sub(
            rf"<natural>{old}</natural>(\s*)<natural>{model}</natural>",
            rf"<natural>{new}</natural>\1<natural>{model}</natural>",
            text,
        )
    data.write_text(text, encoding="utf-8")


def _remove(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)
