#!/usr/bin/env bash
# `make serve`: SiTrantib in production mode on this machine, in the foreground.
# gunicorn (deploy/gunicorn.conf.py: SITRANTIB_WEB_WORKERS, default 2 x cores + 1) and one
# background worker (manage.py task_worker, restarted if it stops, as systemd would), on the
# PostgreSQL named by SITRANTIB_DB=postgres and the PG* variables. Ctrl+C stops both.
# A server uses the systemd units in deploy/ instead (docs/deployment.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.prod}"
python=.venv/bin/python

if [ "${SITRANTIB_DB:-}" != "postgres" ]; then
  echo "make serve memakai PostgreSQL: set SITRANTIB_DB=postgres dan PGHOST, PGPORT, PGDATABASE," >&2
  echo "PGUSER, PGPASSWORD (lihat docs/deployment.md), atau coba dengan: make serve-trial" >&2
  exit 2
fi
if [ -z "${SITRANTIB_SECRET_KEY:-}" ]; then
  echo "SITRANTIB_SECRET_KEY belum diisi (lihat deploy/sitrantib.env)." >&2
  exit 2
fi

"$python" manage.py migrate --no-input -v 0
"$python" manage.py collectstatic --no-input -v 0

worker_loop() {
  # Like systemd's Restart=always: a worker that dies is started again after 2 seconds.
  trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
  while true; do
    "$python" manage.py task_worker &
    child=$!
    wait "$child" || true
    sleep 2
  done
}
worker_loop &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null || true' EXIT
.venv/bin/gunicorn -c deploy/gunicorn.conf.py config.wsgi
