"""Text from a municipality's file shown as text, never as markup: the one place that escapes it.

Titles, descriptions, remarks, contacts and file names come from files anyone can send. Shown
through Markdown, ``![](http://…)`` would make every reader's browser fetch that address and
``[klik](javascript:…)`` would become a link; shown in a Plotly chart, ``<a href>`` becomes a
live link and ``<span style>`` restyles the chart. Each kind of element gets its own escape:

- :func:`markdown` for everything Streamlit renders as Markdown (markdown, headers, captions,
  alerts, metrics, expander and widget labels);
- :func:`chart` for every Plotly string (labels, ticks, legends, hovers, ``customdata``);
- tables (``st.dataframe``) and selectbox options show plain text already; :func:`plain` only
  removes control characters, so the text looks the same everywhere.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata

MISSING = "–"
# Every ASCII punctuation character may be backslash-escaped in CommonMark, and each one starts
# some syntax somewhere: links and images ([]()!), emphasis (*_~), code (`), HTML and
# autolinks (<>:/), entities (&), maths ($), Streamlit's colour and icon directives (:), tables
# (|), headings (#) and lists (-+.). Escaping them all leaves nothing to interpret.
_PUNCTUATION = frozenset(string.punctuation)
# Streamlit turns web and mail addresses in the *rendered* text into links, whatever the source
# escapes (checked in Chromium: «http\:\/\/x», «&#58;» and «www\.x» all became links). A word
# joiner (U+2060: invisible, no line break) after every «:», before every «@» and inside «www.»
# breaks each pattern the linker looks for, and the text reads exactly as written.
_WORD_JOINER = "\u2060"
_LINK_PATTERNS = re.compile(r"(?<=:)|(?=@)|(?<=www)(?=\.)", flags=re.IGNORECASE)


def plain(text: object) -> str:
    """The text without control characters (line breaks and tabs become spaces)."""
    if text is None:
        return ""
    return "".join(
        " " if ch in "\n\r\t" else ch
        for ch in str(text)
        if ch in "\n\r\t" or unicodedata.category(ch)[0] != "C"
    )


def markdown(text: object, missing: str = MISSING) -> str:
    """``text`` for a Markdown element: shows exactly as written, nothing rendered."""
    cleaned = plain(text)
    if not cleaned.strip():
        return missing
    unlinked = _LINK_PATTERNS.sub(_WORD_JOINER, cleaned)
    return "".join(f"\\{ch}" if ch in _PUNCTUATION else ch for ch in unlinked)


def chart(text: object) -> str:
    """``text`` for a Plotly string: its pseudo-HTML tags and entities shown as typed."""
    # Plotly decodes &lt; &gt; &amp; back to the characters, so they read as typed.
    return html.escape(plain(text), quote=False)
