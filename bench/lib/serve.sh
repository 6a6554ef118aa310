# Sourced by bench scripts: a gunicorn with production settings and demo content on
# 127.0.0.1:$PORT, in a throw-away folder, stopped when the script exits.
# After sourcing: $BASE is the site's address, $WORK the folder.
make -s install-dev >/dev/null
WORK="$(mktemp -d)"
trap 'kill "$(cat "$WORK/pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DJANGO_SETTINGS_MODULE=config.settings.prod
export DJANGO_SECRET_KEY="bench-$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=0 SERVE_MEDIA=1
export DATABASE_URL="sqlite:///$WORK/db.sqlite3" MEDIA_ROOT="$WORK/media"
export PORT GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}" GUNICORN_THREADS="${GUNICORN_THREADS:-4}"
BASE="http://127.0.0.1:$PORT"

.venv/bin/python manage.py migrate --noinput -v0
# Production settings refuse demo content; the development ones load it into the same files.
DJANGO_SETTINGS_MODULE=config.settings.dev .venv/bin/python manage.py load_demo_content >/dev/null
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/gunicorn --config gunicorn.conf.py --pid "$WORK/pid" --access-logfile /dev/null config.wsgi --daemon
for _ in $(seq 1 50); do curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break; sleep 0.2; done

a_session_url() {
  .venv/bin/python manage.py shell -v0 -c \
    'from seminar.models import Session; print(Session.objects.published().past().exclude(youtube_video="").first().get_absolute_url())'
}

members_up_to() {  # adds members until the people page lists $1 current ones
  .venv/bin/python manage.py shell -v0 -c "
from people.models import Member
for n in range($1 - Member.objects.current().count()):
    Member.objects.create(name=f'Bench Member {n}', slug=f'bench-member-{n}', role='phd')
print(Member.objects.current().count())"
}

workers_cpu_ticks() {  # utime + stime of every gunicorn worker, in clock ticks
  local master
  master="$(cat "$WORK/pid")"
  for worker in $(pgrep -P "$master"); do awk '{print $14 + $15}' "/proc/$worker/stat"; done | awk '{s += $1} END {print s}'
}

cpu_us_per_request() {  # before-ticks after-ticks requests
  awk -v t="$(($2 - $1))" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", t * 1000000 / hz / n}'
}
