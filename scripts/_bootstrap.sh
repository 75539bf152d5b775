# Sourced by scripts/run and scripts/test: find or install uv, then install the locked
# dependencies into .venv. Needs only Python 3.11+; everything else is fetched from PyPI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1
UV_VERSION="0.13.9"
PYTHON="${PYTHON:-python3}"

find_uv() {
  if [ -x .tools/bin/uv ]; then echo .tools/bin/uv; return; fi
  if command -v uv >/dev/null 2>&1; then command -v uv; return; fi
  return 1
}

if ! UV=$(find_uv); then
  echo "==> Installing uv $UV_VERSION into .tools (one time)"
  if ! "$PYTHON" -m venv .tools >/dev/null 2>&1; then
    rm -rf .tools
    # Debian ships venv separately; install it when we are allowed to.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      pyver=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
      apt-get update -qq && apt-get install -y -qq "python${pyver}-venv" >/dev/null
      "$PYTHON" -m venv .tools
    else
      echo "Python's venv module is missing. On Debian/Ubuntu: sudo apt install python3-venv" >&2
      exit 1
    fi
  fi
  .tools/bin/python -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
  UV=.tools/bin/uv
fi

"$UV" sync --locked --quiet --python "$PYTHON"
export PATH="$PWD/.venv/bin:$PATH"
