"""Render the seminar archive's first page and a session page with 60 and 2,000 sessions.

Prints the median time and the query count of each; target: the same query count, and at
most 1.3x the time at 2,000 sessions. Run: .venv/bin/python bench/seminar_archive.py
"""

import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DATABASE = Path(tempfile.mkdtemp(prefix="groupsite-bench-")) / "bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from groupsite.site.models import SiteSettings  # noqa: E402
from seminar.models import Reference, Series, Session, Speaker  # noqa: E402

ROUNDS = 30
SIZES = (60, 2000)


def fill(count: int) -> Session:
    Session.objects.all().delete()
    series = Series.objects.get_or_create(slug="ml", defaults={"name": "ML Seminar"})[0]
    now = timezone.now()
    sessions = [
        Session(
            series=series,
            number=n,
            title=f"Talk {n} on learning",
            slug=f"talk-{n}",
            start=now - timedelta(weeks=n),
            end=now - timedelta(weeks=n) + timedelta(hours=1),
            duration_minutes=60,
            abstract="An abstract with **markdown**. " * 10,
            youtube_video="dQw4w9WgXcQ" if n % 3 else "",
            uid=f"{uuid.uuid4()}@bench",
        )
        for n in range(1, count + 1)
    ]
    Session.objects.bulk_create(sessions, batch_size=500)
    saved = list(Session.objects.all())
    Speaker.objects.bulk_create(
        [Speaker(session=s, name=f"Speaker {i}", order=i) for s in saved for i in range(2)],
        batch_size=1000,
    )
    Reference.objects.bulk_create(
        [Reference(session=s, title="A paper", authors="A. Author", year=2020) for s in saved],
        batch_size=1000,
    )
    return saved[len(saved) // 2]


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm caches and templates
    reset_queries()  # each request clears the log; start counting from zero
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    query_count = len(queries)  # read now: the next request clears the log
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, query_count


def main() -> int:
    call_command("migrate", verbosity=0)
    SiteSettings.objects.update_or_create(pk=1, defaults={"group_name": "Bench"})
    client = Client()
    results = {}
    for size in SIZES:
        session = fill(size)
        results[size] = {
            "archive, page 1": measure(client, "/seminar/archive/"),
            "session page": measure(client, session.get_absolute_url()),
        }
    small, large = SIZES
    print(f"| page | {small} sessions | {large} sessions | time ratio | queries |")
    print("| --- | --- | --- | --- | --- |")
    failed = False
    for page in results[small]:
        (t1, q1), (t2, q2) = results[small][page], results[large][page]
        ratio = t2 / t1
        failed |= q1 != q2 or ratio > 1.3
        print(f"| {page} | {t1:.1f} ms | {t2:.1f} ms | {ratio:.2f}x | {q1} / {q2} |")
    print("target met" if not failed else "TARGET MISSED")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
