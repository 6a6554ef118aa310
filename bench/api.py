"""The API's list endpoints at 20 and 2,000 sessions (and as many publications), and
cached API responses against a static file under load.

Part 1 (in process, page cache off): the query count and median time of each list at
both sizes. Target: the same query count at both sizes.
Part 2 (gunicorn, production settings, 2 workers, 2,000 sessions and publications, 40
current members): wrk against a static file, the people page and the cached API lists in
the same run, after one warm-up request each. For each URL the CPU time (utime+stime from
/proc) the workers spent per request, which holds on a shared machine where throughput
swings; "vs static" is the static file's CPU per request divided by the URL's. Target: no
errors or non-2xx, every cached page and list at least 0.8x the static file (the 100-item
page of sessions too, though its body is ~8x the static file's).

Run: .venv/bin/python bench/api.py [seconds per URL, default 10]
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="groupsite-bench-api-"))
DATABASE_URL = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from people.models import Member  # noqa: E402
from publications.models import Authorship, Publication  # noqa: E402
from seminar.models import Series, Session, Speaker  # noqa: E402

ROUNDS = 20
SIZES = (20, 2000)
LISTS = [
    "/api/v1/sessions",
    "/api/v1/sessions?page_size=100",
    "/api/v1/sessions?page_size=10&page=2",
    "/api/v1/sessions?series=bench&speaker=david-greenberg&recorded=true&q=learning",
    "/api/v1/series",
    "/api/v1/members",
    "/api/v1/news",
    "/api/v1/publications",
    "/api/v1/publications?page_size=100",
    "/api/v1/publications?member=david-greenberg&selected=true&q=learning",
    "/api/v1/publications/bench-paper-7",
]


def fill(count: int) -> None:
    series = Series.objects.get_or_create(slug="bench", defaults={"name": "Bench Seminar"})[0]
    series.sessions.all().delete()
    member = Member.objects.get(slug="david-greenberg")
    now = timezone.now()
    sessions = Session.objects.bulk_create(
        [
            Session(
                series=series, number=n, title=f"Talk {n} on learning", slug=f"talk-{n}",
                start=now - timedelta(days=n), end=now - timedelta(days=n) + timedelta(hours=1),
                duration_minutes=60, abstract="An abstract with **markdown**. " * 10,
                youtube_video="dQw4w9WgXcQ" if n % 3 else "", uid=f"{uuid.uuid4()}@bench",
            )
            for n in range(1, count + 1)
        ],
        batch_size=500,
    )  # fmt: skip
    Speaker.objects.bulk_create(
        [Speaker(session=s, name=f"Speaker {s.number}", member=member) for s in sessions],
        batch_size=1000,
    )
    Publication.objects.filter(slug__startswith="bench-paper-").delete()
    papers = Publication.objects.bulk_create(
        [
            Publication(
                title=f"Paper {n} on learning", slug=f"bench-paper-{n}", year=2000 + n % 25,
                venue="Journal of Benchmarks", doi=f"10.5555/bench.{n}", selected=n % 4 == 0,
                abstract="An abstract with **markdown**. " * 10, code_url="https://example.org/c",
            )
            for n in range(1, count + 1)
        ],
        batch_size=500,
    )  # fmt: skip
    Authorship.objects.bulk_create(
        [
            Authorship(publication=paper, position=position, name=f"Author {position}",
                       family_name=f"Author{position}", member=member if position == 0 else None)
            for paper in papers
            for position in range(4)
        ],
        batch_size=1000,
    )  # fmt: skip


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    count = len(queries)
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, count


def queries_table() -> bool:
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    results = {}
    for size in SIZES:
        fill(size)
        results[size] = {url: measure(client, url) for url in LISTS}
    small, large = SIZES
    print(f"| list | {small} sessions and papers | {large} sessions and papers | queries |")
    print("| --- | --- | --- | --- |")
    constant = True
    for url in LISTS:
        (t1, q1), (t2, q2) = results[small][url], results[large][url]
        constant &= q1 == q2
        print(f"| `{url}` | {t1:.1f} ms | {t2:.1f} ms | {q1} / {q2} |")
    print("queries constant" if constant else "QUERIES GROW")
    return constant


LOAD_URLS = [
    "/static/css/site.css", "/people/", "/api/v1/sessions", "/api/v1/sessions?page_size=100",
    "/api/v1/publications", "/api/v1/members", "/api/v1/series", "/api/v1/news",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def workers_cpu_seconds(master: int) -> float:
    """utime + stime of every gunicorn worker (the master only forks and watches)."""
    children = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=True
    ).stdout.split()
    ticks = 0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def members_up_to(count: int) -> None:
    for n in range(count - Member.objects.current().count()):
        Member.objects.create(name=f"Bench Member {n}", slug=f"bench-member-{n}", role="phd")


def wrk(url: str, seconds: int, master: int) -> dict:
    urllib.request.urlopen(url).read()  # warm the page cache
    before = workers_cpu_seconds(master)
    out = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    cpu = workers_cpu_seconds(master) - before
    lines = out.splitlines()
    requests = int(next(line.split()[0] for line in lines if "requests in" in line))
    rps = float(next(line.split()[1] for line in lines if line.startswith("Requests/sec")))
    p99 = next(line.split()[1] for line in lines if line.strip().startswith("99%"))
    errors = sum(
        int(part.strip(",")) for line in lines if "Socket errors" in line
        for part in line.split()[3::2]
    )  # fmt: skip
    non2xx = next((int(line.split()[-1]) for line in lines if "Non-2xx" in line), 0)
    return {"rps": rps, "p99": p99, "errors": errors, "non2xx": non2xx,
            "cpu_us": cpu * 1e6 / requests}  # fmt: skip


def load_table(seconds: int) -> bool:
    if not shutil.which("wrk"):
        print("wrk is missing (apt-get install wrk): load part skipped")
        return False
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "PORT": str(port),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "4",
        "REDIS_URL": "",
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=environment, check=True)  # fmt: skip
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py",
         "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=ROOT, env=environment,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        print("| URL | body | requests/s | p99 latency | errors | non-2xx | CPU per request "
              "| vs static |\n| --- | --- | --- | --- | --- | --- | --- | --- |")  # fmt: skip
        static = None
        met = True
        for url in LOAD_URLS:
            result = wrk(base + url, seconds, server.pid)
            static = static or result["cpu_us"]
            ratio = static / result["cpu_us"]
            met &= result["errors"] == result["non2xx"] == 0
            met &= ratio >= 0.8
            size = len(urllib.request.urlopen(base + url).read())
            print(f"| `{url}` | {size / 1024:.1f} KB | {result['rps']:.0f} | {result['p99']} "
                  f"| {result['errors']} | {result['non2xx']} | {result['cpu_us']:.0f} µs "
                  f"| {ratio:.2f}x |")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=20)
    print("target met" if met else "TARGET MISSED")
    return met


def main() -> int:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    constant = queries_table()
    members_up_to(40)
    print()
    met = load_table(seconds)
    shutil.rmtree(WORK, ignore_errors=True)
    return 0 if constant and met else 1


if __name__ == "__main__":
    raise SystemExit(main())
