"""The annex as PDF: HTML laid out by WeasyPrint (no office suite, no network).

A4 with page numbers («Side 3 af 7») in the footer; the h1/h2 headings become the PDF's
bookmarks (outline), and the file is written as tagged PDF/UA-1 with Danish as its language, so
a screen reader follows headings, tables and the charts' alternative text. Every text is
escaped: a title a municipality wrote is shown as text, never read as markup.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from screening.documents.annex import AnnexContent, Table, printable, table_text
from screening.errors import ScreeningError
from screening.i18n import _


class PdfUnavailable(ScreeningError, LookupError):
    """The PDF writer's system libraries are missing; the message says what to install."""


CSS = """
@page {
    size: A4;
    margin: 20mm 16mm 22mm 16mm;
    @bottom-right {
        content: "%(page)s " counter(page) " %(of)s " counter(pages);
        font-family: "Liberation Sans", "DejaVu Sans", sans-serif;
        font-size: 8.5pt;
        color: #444;
    }
    @bottom-left {
        width: 75%%;
        content: "%(title)s";
        font-family: "Liberation Sans", "DejaVu Sans", sans-serif;
        font-size: 7.5pt;
        color: #666;
    }
}
body { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 10pt; }
h1 { font-size: 18pt; color: #1F4E79; margin: 0 0 4pt 0; }
h2 { font-size: 13pt; color: #1F4E79; margin: 16pt 0 6pt 0; break-after: avoid; }
p.subtitle { font-size: 11pt; color: #333; margin-top: 0; }
table { border-collapse: collapse; width: 100%%; font-size: 8.5pt; margin: 4pt 0 10pt 0; }
caption { text-align: left; font-weight: bold; padding: 2pt 0; caption-side: top; }
th { background: #1F4E79; color: white; text-align: left; padding: 3pt; }
/* The columns are as wide as the table's own <col> widths say, without first measuring every
   cell's words: that measuring was most of an annex's layout time. */
table.set-widths { table-layout: fixed; }
th, td { overflow-wrap: anywhere; }
td { border-bottom: 0.5pt solid #bbb; padding: 2.5pt 3pt; vertical-align: top; }
td.number, th.number { text-align: right; }
tr { break-inside: avoid; }
figure { margin: 6pt 0 12pt 0; break-inside: avoid; }
figure img { width: 100%%; }
figcaption { font-size: 8.5pt; color: #333; }
"""


def _text(value: str) -> str:
    return escape(printable(value))


def _cell(value: str) -> str:
    return escape(table_text(value))


def _css_string(value: str) -> str:
    return printable(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _table(table: Table) -> str:
    widths = ""
    if table.widths:
        total = sum(table.widths)
        shares = [round(100 * w / total, 1) for w in table.widths[:-1]]
        # The last column takes what is left, so that rounding never makes the fixed-layout
        # table wider than the page.
        shares.append(round(100 - sum(shares), 1))
        widths = (
            "<colgroup>"
            + "".join(f'<col style="width:{share:.1f}%">' for share in shares)
            + "</colgroup>"
        )
    head = "".join(
        f'<th scope="col"{" class=number" if i in table.numeric else ""}>{_cell(h)}</th>'
        for i, h in enumerate(table.headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=number' if i in table.numeric else ''}>{_cell(v)}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f"<table{' class=set-widths' if widths else ''}><caption>{_text(table.caption)}</caption>"
        f"{widths}"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


CHART_SCHEME = "annex-chart"


def _chart_images(content: AnnexContent) -> dict[str, bytes]:
    """The annex's charts by the address its HTML gives each (``annex-chart:1`` …)."""
    charts = (chart for section in content.sections for chart in section.charts)
    return {f"{CHART_SCHEME}:{i}": chart.png for i, chart in enumerate(charts, start=1)}


def annex_html(content: AnnexContent) -> str:
    addresses = iter(_chart_images(content))
    parts = [
        f"<h1>{_text(content.title)}</h1>",
        f'<p class="subtitle">{_text(content.subtitle)}</p>',
    ]
    for section in content.sections:
        parts.append(f"<h2>{_text(section.heading)}</h2>")
        parts.extend(f"<p>{_text(p)}</p>" for p in section.paragraphs)
        for chart in section.charts:
            # An address, not the image inline: the HTML parser would read a chart's 300 KB of
            # base64 character by character.
            parts.append(
                f'<figure><img src="{next(addresses)}" alt="{_text(chart.alt)}">'
                f"<figcaption>{_text(chart.title)}</figcaption></figure>"
            )
        parts.extend(_table(t) for t in section.tables)
    css = CSS % {
        "page": _css_string(_("Side")),
        "of": _css_string(_("af")),
        "title": _css_string(content.title),
    }
    language = content.language.split("-")[0]
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{_text(content.title)}</title>"
        f'<meta name="author" content="{_text(_("Projektgruppen for driftsfællesskaber"))}">'
        f'<meta name="description" content="{_text(content.subtitle)}">'
        f'<meta name="keywords" content="{_text(content.snapshot_id)}">'
        f"<style>{css}</style></head><body>{''.join(parts)}</body></html>"
    )


def write_pdf(content: AnnexContent, path: Path) -> Path:
    try:  # imported here: only the PDF annex needs it, and it needs Debian's pango
        import weasyprint
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except OSError as error:
        raise PdfUnavailable(
            _(
                "PDF-bilaget kan ikke laves på denne maskine ({error}). Installér Debians "
                "pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0), eller vælg Word."
            ).format(error=error)
        ) from error

    images = _chart_images(content)

    class ChartsOnly(URLFetcher):
        """Only the annex's own charts, from memory: nothing in the annex can make the writer
        fetch anything, from the network or from the disk."""

        def fetch(self, url, headers=None):
            if url not in images:
                raise ValueError(f"not one of the annex's charts: {url[:80]}")
            return URLFetcherResponse(url, images[url], {"Content-Type": "image/png"})

    fetcher = ChartsOnly(allowed_protocols=())
    document = weasyprint.HTML(string=annex_html(content), url_fetcher=fetcher)
    document.write_pdf(str(path), pdf_variant="pdf/ua-1")
    return path
