"""The only module that reads the process environment.

Settings, gunicorn.conf.py and management commands ask this module; nothing
else touches ``os.environ``, so every variable the site understands is listed
here and in ``.env.example``.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the site writes (SQLite file, file cache, collected static files, uploads by
# default) lives here; nginx serves /static/ and /media/ from it (docs/deploy/nginx.conf).
VAR_DIR = Path(os.environ.get("VAR_DIR", "").strip() or BASE_DIR / "var")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def required(name: str, why: str) -> str:
    value = text(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set: {why}")
    return value


def flag(name: str, default: bool = False) -> bool:
    raw = text(name).lower()
    if name not in os.environ:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def integer(name: str, default: int) -> int:
    raw = text(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def items(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in text(name, default).split(",") if item.strip()]


_ORIGIN = re.compile(r"https?://(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?")


def origins(name: str, default: str = "") -> list[str]:
    """Comma-separated web origins like https://institute.example (no path), or * for any."""
    raw = text(name) or default  # set but empty means the default too, never "no origin"
    values = [item.strip() for item in raw.split(",") if item.strip()]
    for value in values:
        if value != "*" and not _ORIGIN.fullmatch(value.lower()):
            raise ImproperlyConfigured(
                f"{name} must list origins like https://example.org or https://*.example.org "
                f"(scheme, host, optional port; no path), or *; got {value!r}."
            )
    return [value.lower() for value in values]


def database() -> dict:
    url = text("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Persistent connections buy nothing for a file and keep it locked longer.
        config["CONN_MAX_AGE"] = 0
    return config


def cache() -> dict:
    """Redis when REDIS_URL is set (several machines); else files all local workers share."""
    redis_url = text("REDIS_URL")
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": text("CACHE_KEY_PREFIX", "groupsite"),
        }
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }


def admin_path() -> str:
    """Where the admin lives, e.g. "staff-desk/"; a less obvious address deters scanners."""
    path = text("ADMIN_URL", "admin/").strip("/")
    if not path or "/" in path:
        raise ImproperlyConfigured(
            f"ADMIN_URL must be one path segment like 'admin'; got {path!r}."
        )
    return f"{path}/"


def media_root() -> Path:
    return Path(text("MEDIA_ROOT")) if text("MEDIA_ROOT") else VAR_DIR / "media"
