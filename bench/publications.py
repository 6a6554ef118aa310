"""Render /publications/ and a member page with 30 and 1,000 publications; time an import
of 1,000 BibTeX entries.

Prints the median time and the query count of each page; target: the same query count,
and at most 1.3x the time at 1,000 publications. Run: .venv/bin/python bench/publications.py
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
DATABASE = Path(tempfile.mkdtemp(prefix="groupsite-bench-")) / "bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ["PAGE_CACHE_SECONDS"] = "0"  # measure rendering, not the page cache

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from groupsite.site.models import SiteSettings  # noqa: E402
from people.models import Member  # noqa: E402
from publications.models import Authorship, Publication, PublicationType  # noqa: E402
from publications.services import apply_import  # noqa: E402

ROUNDS = 30
SIZES = (30, 1000)
IMPORT_SIZE = 1000


def fill(count: int, members: list[Member]) -> None:
    Publication.objects.all().delete()
    papers = Publication.objects.bulk_create(
        [
            Publication(
                title=f"Learning paper {n}", slug=f"paper-{n}", year=2025 - n % 30,
                kind=PublicationType.PREPRINT if n % 5 == 0 else PublicationType.ARTICLE,
                venue="Journal of Benchmarks", volume=str(n % 40), pages="1--10",
                doi=f"10.5555/bench.{n}", code_url="https://example.org/code",
                abstract="An abstract with **markdown**. " * 10,
            )
            for n in range(count)
        ],
        batch_size=500,
    )  # fmt: skip
    Authorship.objects.bulk_create(
        [
            Authorship(publication=paper, position=i, name=member.name, member=member)
            for n, paper in enumerate(papers)
            for i, member in enumerate([members[n % len(members)], members[0]])
        ]
        + [Authorship(publication=paper, position=2, name="A. Colleague") for paper in papers],
        batch_size=1000,
    )


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm caches and templates
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    query_count = len(queries)
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, query_count


def bibtex_file(count: int) -> str:
    entries = []
    for n in range(count):
        entries.append(
            f'@article{{bench{n},\n  author = {{M{{\\"u}}ller, Anna and Greenberg, D. S. and '
            f"Colleague{n % 50}, Chris}},\n  title = {{A {{Benchmark}} paper number {n}}},\n"
            f"  journal = {{Journal of Benchmarks}},\n  year = {2000 + n % 25},\n"
            f"  month = jun,\n  volume = {{{n % 40}}},\n  pages = {{1--10}},\n"
            f"  doi = {{10.5555/import.{n}}},\n  abstract = {{Short abstract {n}.}},\n}}\n"
        )
    return "\n".join(entries)


def time_import() -> tuple[float, float]:
    Publication.objects.all().delete()
    text = bibtex_file(IMPORT_SIZE)
    started = time.perf_counter()
    first = apply_import(text)
    first_seconds = time.perf_counter() - started
    assert first.created == IMPORT_SIZE, first
    started = time.perf_counter()
    second = apply_import(text)
    assert (second.created, second.updated) == (0, 0), second
    return first_seconds, time.perf_counter() - started


def main() -> int:
    call_command("migrate", verbosity=0)
    SiteSettings.objects.update_or_create(pk=1, defaults={"group_name": "Bench"})
    members = [
        Member.objects.create(name=name, slug=name.lower().replace(" ", "-"))
        for name in ("David Greenberg", "Lena Hoffmann", "Kai Sorensen", "Mei Lin")
    ]
    # The first member co-authors every paper: at both sizes a full page of them.
    member_url = members[0].get_absolute_url()
    client = Client()
    results = {}
    for size in SIZES:
        fill(size, members)
        results[size] = {
            "/publications/": measure(client, "/publications/"),
            "/publications/?member=…&q=…": measure(
                client, "/publications/?member=david-greenberg&q=learning"
            ),
            "member page": measure(client, member_url),
        }
    small, large = SIZES
    print(f"| page | {small} publications | {large} publications | time ratio | queries |")
    print("| --- | --- | --- | --- | --- |")
    failed = False
    for page in results[small]:
        (t1, q1), (t2, q2) = results[small][page], results[large][page]
        ratio = t2 / t1
        # A text search reads every row (LIKE '%…%'); its time is shown, not targeted.
        failed |= q1 != q2 or (ratio > 1.3 and "q=" not in page)
        print(f"| {page} | {t1:.1f} ms | {t2:.1f} ms | {ratio:.2f}x | {q1} / {q2} |")
    first, second = time_import()
    print(
        f"\nImport of {IMPORT_SIZE} entries: {first:.1f} s; again (all unchanged): {second:.1f} s"
    )
    print("target met" if not failed else "TARGET MISSED")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
