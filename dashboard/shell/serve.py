"""``streamlit run`` with the dashboard's libraries imported before the server answers.

Streamlit runs the app's script only when the first visitor comes, so every library the start
page needs (polars, pandas for Streamlit's tables, SQLAlchemy for the decision store, Plotly,
Babel) would otherwise be imported while that visitor waits: seconds on a small machine. Here
they are imported first, while the server starts, and the visitor waits only for the page.

Use it as ``python -m dashboard.shell.serve run dashboard/streamlit_app.py [options]``, with the
same options as ``streamlit run`` (``screening up`` does).
"""

from __future__ import annotations

import importlib
import sys

# The libraries the start page imports, slowest first (``benchmarks.first_load --importtime``).
# The dashboard's own modules are left to the page: their caches are best declared once
# Streamlit's runtime exists.
PRELOADED = (
    "pandas",
    "sqlalchemy",
    "alembic.runtime.migration",
    "polars",
    "pyarrow",
    "plotly.graph_objects",
    "babel.numbers",
    "PIL.Image",
    "screening.decisions.store",
    "screening.decisions.state",
)


def main() -> None:
    for name in PRELOADED:
        importlib.import_module(name)
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
