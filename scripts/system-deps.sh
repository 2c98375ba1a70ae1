#!/usr/bin/env bash
# Checks the system parts SiTrantib needs beyond Python packages, installs what it can
# (as root with apt-get), and otherwise stops naming what is missing.
#   scripts/system-deps.sh run    what `make run` needs (PDF rendering libraries)
#   scripts/system-deps.sh test   also Chromium for browser tests and PostgreSQL for the PG run
set -euo pipefail
mode="${1:-run}"
missing=()   # Debian/Ubuntu package names
# Read the library list once: `ldconfig -p | grep -q` would fail under pipefail (SIGPIPE).
# ldconfig lives in /sbin, which is not on a normal user's PATH on Debian.
libs="$( (command -v ldconfig >/dev/null && ldconfig -p || /sbin/ldconfig -p) 2>/dev/null || true)"
have_lib() { [[ "$libs" == *"$1"* ]]; }

have_lib 'libpango-1.0.so' || missing+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
ls /usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
if [ "$mode" = "test" ]; then
  chromium_ok=""
  for c in "${SITRANTIB_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /snap/bin/chromium; do
    [ -n "$c" ] && [ -x "$c" ] && chromium_ok=1 && break
  done
  if [ -z "$chromium_ok" ]; then
    # Debian packages Chromium; Ubuntu only has a snap wrapper, so there the browser tests use
    # the Chromium build that Playwright downloads (.venv/bin/playwright install chromium).
    candidate="$(apt-cache policy chromium 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
      missing+=(chromium)
    elif [ ! -d "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}" ]; then
      echo "Chromium tidak ada. Pasang dengan: .venv/bin/playwright install --with-deps chromium" >&2
      exit 1
    fi
  fi
  command -v pg_virtualenv >/dev/null 2>&1 || missing+=(postgresql-common)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Memasang paket sistem: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "Paket sistem berikut belum terpasang (missing system packages): ${missing[*]}" >&2
echo "Pasang dengan: sudo apt-get install ${missing[*]}" >&2
exit 1
