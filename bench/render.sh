#!/usr/bin/env bash
# Uncached render cost: gunicorn (production settings, demo content, page cache off, one
# worker, one thread) renders each page; wrk with one connection asks for it for a few
# seconds. The worker's CPU time (utime+stime from /proc) divided by the requests served
# gives the cost per request, which holds on a busy machine where throughput swings; each
# page is compared with a trivial Django view (/robots.txt) of the same run.
# Target: the landing page at >= 10 % of the trivial view's throughput.
# Usage: bash bench/render.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_URL="${1:-8}"
PORT="${BENCH_PORT:-8124}"
export PAGE_CACHE_SECONDS=0 GUNICORN_WORKERS=1 GUNICORN_THREADS=1

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }; }
# shellcheck source=bench/lib/serve.sh
source bench/lib/serve.sh
session="$(a_session_url)"
worker="$(pgrep -P "$(cat "$WORK/pid")" | head -n 1)"
ticks_per_second="$(getconf CLK_TCK)"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$worker/stat"; }

cost_ms() {  # CPU milliseconds per request of one URL
  local url="$1" before after requests
  curl -fsS -o /dev/null "$BASE$url"
  before="$(cpu_ticks)"
  requests="$(wrk -t1 -c1 -d"${SECONDS_PER_URL}s" "$BASE$url" | awk '/requests in/ {print $1}')"
  after="$(cpu_ticks)"
  awk -v t="$((after - before))" -v n="$requests" -v hz="$ticks_per_second" \
    'BEGIN {printf "%.2f", t * 1000 / hz / n}'
}

trivial="$(cost_ms /robots.txt)"
printf '| URL | CPU ms per request | share of the trivial view'"'"'s throughput |\n| --- | --- | --- |\n'
printf '| /robots.txt (trivial view) | %s | 100 %% |\n' "$trivial"
for url in / /people/ /seminar/ /seminar/archive/ "$session"; do
  cost="$(cost_ms "$url")"
  printf '| %s | %s | %s %% |\n' "$url" "$cost" "$(awk -v a="$trivial" -v b="$cost" 'BEGIN {printf "%.1f", 100 * a / b}')"
done
