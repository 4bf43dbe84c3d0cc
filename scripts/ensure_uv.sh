# Sourced by up.sh and test.sh: make sure uv (pinned) is importable by this Python.
# uv is run as `python3 -m uv` so it works even where pip's script folder is not on PATH.
UV_VERSION="0.13.8"
if ! python3 -m uv --version >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check "uv==${UV_VERSION}"
fi
uv_run() { python3 -m uv "$@"; }
