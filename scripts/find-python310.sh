#!/usr/bin/env bash
# Print the path of a CPython 3.10 interpreter (Rasa Open Source 3.6 needs 3.10).
# Looks at $PYTHON310, python3.10 on PATH, then pyenv's versions.
set -euo pipefail
candidates=()
[[ -n "${PYTHON310:-}" ]] && candidates+=("$PYTHON310")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv; do
  [[ -n "$root" ]] || continue
  for found in "$root"/versions/3.10*/bin/python3.10; do
    [[ -x "$found" ]] && candidates+=("$found")
  done
done
for python in "${candidates[@]}"; do
  if "$python" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$python"
    exit 0
  fi
done
cat >&2 <<'MSG'
error: Python 3.10 is required (Rasa Open Source 3.6 does not run on 3.11 or newer) and none was found.
Install it, then run the command again, for example:
  - Debian/Ubuntu: sudo apt-get install python3.10 python3.10-venv   (deadsnakes PPA on newer Ubuntu)
  - macOS:         brew install python@3.10
  - pyenv:         pyenv install 3.10.13
or point PYTHON310 at an existing interpreter: make run PYTHON310=/path/to/python3.10
MSG
exit 1
