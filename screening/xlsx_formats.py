"""The cell formats every workbook the product writes shares (the template, the decision
workbooks), so a municipality meets one look: the dark-blue header, the title, wrapped text."""

from __future__ import annotations

from typing import Any

import xlsxwriter
from xlsxwriter.format import Format

HEADER: dict[str, Any] = {
    "bold": True,
    "bg_color": "#1F4E79",
    "font_color": "#FFFFFF",
    "text_wrap": True,
    "valign": "top",
    "border": 1,
}
# A column that must be filled in: the header's shape in red.
REQUIRED_HEADER: dict[str, Any] = {**HEADER, "bg_color": "#C00000"}
TITLE: dict[str, Any] = {"bold": True, "font_size": 14}
BOLD: dict[str, Any] = {"bold": True, "text_wrap": True, "valign": "top"}
WRAP: dict[str, Any] = {"text_wrap": True, "valign": "top"}


def shared_formats(workbook: xlsxwriter.Workbook) -> dict[str, Format]:
    """``header``, ``title``, ``bold`` and ``wrap``, added to ``workbook``."""
    return {
        "header": workbook.add_format(HEADER),
        "title": workbook.add_format(TITLE),
        "bold": workbook.add_format(BOLD),
        "wrap": workbook.add_format(WRAP),
    }
