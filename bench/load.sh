#!/usr/bin/env bash
# Load test: gunicorn with production settings (2 workers x 4 threads, file page cache)
# and demo content grown to 40 members; wrk against five cached pages (the landing page in
# English and German) and a static file served by the same gunicorn. For each URL:
# requests/s, p99 latency, errors, and the CPU time (utime+stime from /proc) the gunicorn
# workers spent per request, which holds on
# this shared machine where throughput swings with other jobs. "vs static" is the static
# file's CPU per request divided by the page's: 1.00x costs what the file costs.
# Target: no errors or non-2xx, every page at least 0.8x the static file.
# Usage: bash bench/load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30}"
CONNECTIONS="${2:-64}"
PORT="${BENCH_PORT:-8123}"

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }; }
# shellcheck source=bench/lib/serve.sh
source bench/lib/serve.sh
session="$(a_session_url)"
echo "members on /people/: $(members_up_to 40)"

urls=("/static/css/site.css" "/" "/de/" "/people/" "/seminar/" "$session")
printf '| URL | body | requests/s | p99 latency | errors | non-2xx | CPU per request | vs static |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n'
static_cost=""
status=0
for url in "${urls[@]}"; do
  body="$(curl -fsS "$BASE$url" | wc -c)"  # also warms the page cache
  before="$(workers_cpu_ticks)"
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE$url")"
  after="$(workers_cpu_ticks)"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  errors="${errors:-0}"; non2xx="${non2xx:-0}"
  cost="$(cpu_us_per_request "$before" "$after" "$requests")"
  if [ -z "$static_cost" ]; then static_cost="$cost"; fi
  ratio="$(awk -v page="$cost" -v file="$static_cost" 'BEGIN {printf "%.2f", file / page}')"
  printf '| %s | %.1f KB | %s | %s | %s | %s | %s µs | %sx |\n' "$url" "$(awk -v b="$body" 'BEGIN {print b / 1024}')" \
    "$rps" "$p99" "$errors" "$non2xx" "$cost" "$ratio"
  if [ "$errors" != 0 ] || [ "$non2xx" != 0 ] || awk -v r="$ratio" 'BEGIN {exit !(r < 0.8)}'; then status=1; fi
done
[ "$status" = 0 ] && echo "target met" || echo "TARGET MISSED"
exit "$status"
