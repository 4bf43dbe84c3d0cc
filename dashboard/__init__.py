"""The Streamlit dashboard. Importing it makes ``ast.parse`` safe for Streamlit's page scripts
on Python 3.11 (see ``dashboard/shell/parsing.py``), before any page is parsed."""

from dashboard.shell import parsing

parsing.install()
