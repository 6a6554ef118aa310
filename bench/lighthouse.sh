#!/usr/bin/env bash
# Lighthouse (npm `lighthouse`, Debian's Chromium) on the landing page, the people page,
# the seminar archive and a session page, mobile and desktop, against gunicorn with
# production settings and demo content. Prints a table of the four category scores.
# Target: performance >= 95, accessibility, best practices and SEO 100.
# Usage: bash bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_PORT:-8124}"
TOOLS="bench/.lighthouse"   # git-ignored; Lighthouse 12 is the last to run on Node 20
[ -x "$TOOLS/node_modules/.bin/lighthouse" ] || npm install --prefix "$TOOLS" --no-audit --no-fund -E lighthouse@12.2.3 >/dev/null
# shellcheck source=bench/lib/serve.sh
source bench/lib/serve.sh
session="$(a_session_url)"

printf '| page | form factor | performance | accessibility | best practices | SEO |\n| --- | --- | --- | --- | --- | --- |\n'
status=0
for url in / /people/ /seminar/archive/ "$session"; do
  for form in mobile desktop; do
    preset=(); [ "$form" = desktop ] && preset=(--preset=desktop)
    CHROME_PATH=/usr/bin/chromium "$TOOLS/node_modules/.bin/lighthouse" "$BASE$url" --quiet \
      --output=json --output-path="$WORK/report.json" "${preset[@]}" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync"
    scores="$(.venv/bin/python - "$WORK/report.json" <<'PY'
import json, sys
categories = json.load(open(sys.argv[1]))["categories"]
print(" ".join(str(round(categories[k]["score"] * 100)) for k in
      ("performance", "accessibility", "best-practices", "seo")))
PY
)"
    read -r perf a11y practices seo <<<"$scores"
    printf '| %s | %s | %s | %s | %s | %s |\n' "$url" "$form" "$perf" "$a11y" "$practices" "$seo"
    if [ "$perf" -lt 95 ] || [ "$a11y" -lt 100 ] || [ "$practices" -lt 100 ] || [ "$seo" -lt 100 ]; then
      status=1
      .venv/bin/python - "$WORK/report.json" <<'PY' >&2
import json, sys
report = json.load(open(sys.argv[1]))
for category in report["categories"].values():
    for ref in category["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            print(f"  {category['id']}: {audit['id']} = {audit['score']}: {audit['title']}")
PY
    fi
  done
done
[ "$status" = 0 ] && echo "target met" || echo "TARGET MISSED"
exit "$status"
