#!/usr/bin/env bash
# Load test: gunicorn with production settings and demo content, wrk against four pages
# and a static file served by the same gunicorn. Prints requests/s, p99 latency, errors and
# each page's throughput relative to the static file. Target: no errors or non-2xx, every
# page at least 0.8x the static file. Usage: bash bench/load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-30}"
CONNECTIONS="${2:-64}"
PORT="${BENCH_PORT:-8123}"

command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }; }
# shellcheck source=bench/lib/serve.sh
source bench/lib/serve.sh
session="$(a_session_url)"

urls=("/static/css/site.css" "/" "/people/" "/seminar/" "$session")
printf '| URL | requests/s | p99 latency | errors | non-2xx | vs static |\n| --- | --- | --- | --- | --- | --- |\n'
static_rps=""
status=0
for url in "${urls[@]}"; do
  curl -fsS -o /dev/null "$BASE$url"  # warm the page cache
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE$url")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  errors="${errors:-0}"; non2xx="${non2xx:-0}"
  if [ -z "$static_rps" ]; then static_rps="$rps"; fi
  ratio="$(awk -v a="$rps" -v b="$static_rps" 'BEGIN {printf "%.2f", a / b}')"
  printf '| %s | %s | %s | %s | %s | %sx |\n' "$url" "$rps" "$p99" "$errors" "$non2xx" "$ratio"
  if [ "$errors" != 0 ] || [ "$non2xx" != 0 ] || awk -v r="$ratio" 'BEGIN {exit !(r < 0.8)}'; then status=1; fi
done
[ "$status" = 0 ] && echo "target met" || echo "TARGET MISSED"
exit "$status"
