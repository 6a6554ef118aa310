#!/usr/bin/env bash
# The documented production stack under load: Debian's nginx with docs/deploy/nginx.conf
# (micro-cache PROXY_CACHE_SECONDS=1) in front of gunicorn with production settings and
# demo content (tests/deploy/stack.py). wrk, in the same run, against anonymous pages and
# a static file through nginx (HTTPS), then the same URLs on gunicorn alone. Prints
# requests/s, each one's ratio to nginx's static file, and the CPU time gunicorn's workers
# spent per request (utime+stime from /proc, steadier than throughput on a shared machine).
# Target: every page through nginx at least 0.5x the static file, no errors, no non-2xx
# through nginx (gunicorn alone is shown for comparison; its timeouts are reported).
# Usage: bash bench/nginx.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNECTIONS="${2:-64}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
make -s .venv/.installed-dev >/dev/null

WORK="$(mktemp -d)"
mkfifo "$WORK/control"
.venv/bin/python -m tests.deploy.stack <"$WORK/control" >"$WORK/stack.json" &
exec 3>"$WORK/control"   # the stack runs until this is closed
trap 'exec 3>&-; wait; rm -rf "$WORK"' EXIT
for _ in $(seq 1 300); do [ -s "$WORK/stack.json" ] && break; sleep 0.5; done
read -r NGINX GUNICORN SESSION GUNICORN_PID NGINX_PID_FILE < <(.venv/bin/python -c '
import json, sys
info = json.load(open(sys.argv[1]))
print(info["https"], info["gunicorn"], info["session_url"], info["gunicorn_pid"],
      info["nginx_pid_file"])' "$WORK/stack.json")
NGINX_PID="$(cat "$NGINX_PID_FILE")"
TICKS="$(getconf CLK_TCK)"

cpu_ticks() {  # utime + stime of every worker of the master process $1
  local total=0 pid
  for pid in $(pgrep -P "$1"); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
  done
  echo "$total"
}

per_request() {  # ticks requests -> microseconds per request
  awk -v t="$1" -v hz="$TICKS" -v n="$2" 'BEGIN {printf "%.0f", t / hz * 1e6 / n}'
}

HOST_HEADER="Host: group.example.org"
urls=("/static/css/site.css" "/" "/people/" "/seminar/" "$SESSION")

measure() {  # URL [extra wrk arguments...] -> "req/s errors non-2xx nginx-µs gunicorn-µs"
  local url="$1"; shift
  curl -ksS -o /dev/null -H "$HOST_HEADER" "$@" "$url"
  local nginx_before gunicorn_before
  nginx_before="$(cpu_ticks "$NGINX_PID")"; gunicorn_before="$(cpu_ticks "$GUNICORN_PID")"
  local out; out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "$HOST_HEADER" "$@" "$url")"
  local nginx_ticks=$(($(cpu_ticks "$NGINX_PID") - nginx_before))
  local gunicorn_ticks=$(($(cpu_ticks "$GUNICORN_PID") - gunicorn_before))
  local rps errors non2xx requests
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$out")"
  requests="$(awk '/requests in/ {print $1}' <<<"$out")"
  errors="$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")"
  non2xx="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  echo "$rps ${errors:-0} ${non2xx:-0} $(per_request "$nginx_ticks" "$requests")" \
    "$(per_request "$gunicorn_ticks" "$requests")"
}

printf '| URL | through nginx req/s | vs static | nginx CPU/req | gunicorn CPU/req | gunicorn alone req/s | vs nginx static | gunicorn CPU/req |\n'
printf '| --- | --- | --- | --- | --- | --- | --- | --- |\n'
status=0
static_rps=""
for url in "${urls[@]}"; do
  read -r rps errors non2xx nginx_cpu cpu < <(measure "$NGINX$url")
  [ -z "$static_rps" ] && static_rps="$rps"
  read -r direct direct_errors direct_non2xx _ direct_cpu < <(measure "$GUNICORN$url" -H "X-Forwarded-Proto: https")
  ratio="$(awk -v a="$rps" -v b="$static_rps" 'BEGIN {printf "%.2f", a / b}')"
  direct_ratio="$(awk -v a="$direct" -v b="$static_rps" 'BEGIN {printf "%.2f", a / b}')"
  printf '| %s | %s | %sx | %s µs | %s µs | %s | %sx | %s µs |\n' \
    "$url" "$rps" "$ratio" "$nginx_cpu" "$cpu" "$direct" "$direct_ratio" "$direct_cpu"
  if [ "$errors$non2xx$direct_errors$direct_non2xx" != 0000 ]; then
    echo "  errors/non-2xx: nginx $errors/$non2xx, gunicorn alone $direct_errors/$direct_non2xx"
  fi
  if [ "$errors$non2xx" != 00 ]; then status=1; fi
  if awk -v r="$ratio" 'BEGIN {exit !(r < 0.5)}'; then status=1; fi
done
[ "$status" = 0 ] && echo "target met" || echo "TARGET MISSED"
exit "$status"
