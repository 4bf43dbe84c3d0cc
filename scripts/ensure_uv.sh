# Sourced by up.sh and test.sh: make sure uv (pinned) is importable by this Python.
# uv is run as `python3 -m uv` so it works even where pip's script folder is not on PATH.
UV_VERSION="0.13.8"
if ! python3 -m uv --version >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check "uv==${UV_VERSION}"
fi
uv_run() { python3 -m uv "$@"; }
# The locked packages, compiled to bytecode at install (pyproject's [tool.uv]), and this project's
# own modules compiled too: where PYTHONDONTWRITEBYTECODE is set, every process would otherwise
# compile what it imports again (0.5 s of our own code for each run or dashboard start).
uv_sync() {
    uv_run sync --frozen --quiet
    uv_run run --frozen python -m compileall -q screening dashboard pipelines assets cli >/dev/null
}
