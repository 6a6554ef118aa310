"""/healthz: is the database and the cache answering? For load balancers and monitoring."""

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)
CACHE_KEY = "healthz-probe"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    token = str(time.monotonic_ns())
    cache.set(CACHE_KEY, token, timeout=10)
    if cache.get(CACHE_KEY) != token:
        raise RuntimeError("the cache did not return what was stored")


CHECKS = {"database": _database, "cache": _cache}


def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # a cache client raises its own kinds of errors
            logger.error("Health check %s failed: %s", name, error)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    healthy = all(value == "ok" for value in results.values())
    response = JsonResponse({"status": "ok" if healthy else "unavailable", **results})
    response.status_code = 200 if healthy else 503
    response["Cache-Control"] = "no-store"
    return response
