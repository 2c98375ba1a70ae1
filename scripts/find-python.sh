#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 interpreter, or explains what to install and fails.
set -euo pipefail
candidates=()
[ -n "${SITRANTIB_PYTHON:-}" ] && candidates+=("$SITRANTIB_PYTHON")
candidates+=(python3.12 python3.13 python3)
if command -v pyenv >/dev/null 2>&1; then
  root="$(pyenv root)"
  for v in $(ls -1 "$root/versions" 2>/dev/null | sort -V); do
    candidates+=("$root/versions/$v/bin/python3")
  done
fi
for c in "${candidates[@]}"; do
  path="$(command -v "$c" 2>/dev/null || true)"
  [ -n "$path" ] || continue
  if "$path" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    echo "$path"
    exit 0
  fi
done
echo "SiTrantib membutuhkan Python 3.12 atau lebih baru (needs Python >= 3.12)." >&2
echo "Ubuntu 24.04: sudo apt-get install python3 python3-venv." >&2
echo "Debian 12 dan lainnya: pasang Python 3.12 (pyenv, atau 'uv python install 3.12'), lalu" >&2
echo "jalankan ulang dengan SITRANTIB_PYTHON=/path/ke/python3.12." >&2
exit 1
