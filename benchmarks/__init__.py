"""Performance benchmarks of the screening pipeline at national scale (98 municipalities).

``uv run python -m benchmarks.run`` generates synthetic templates (:mod:`benchmarks.synthetic`,
cached under ``data/benchmark/``), times every stage from the files to the published gross list,
the dashboard's re-ranking and sensitivity analysis, a pandas + openpyxl baseline and the full
Dagster run, and prints JSON with each target and whether it is met.
"""
