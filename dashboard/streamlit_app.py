"""Entry of the dashboard: page settings and navigation over the pages in ``app_pages/``.

Run with ``streamlit run dashboard/streamlit_app.py``. Nothing is read here at import time; each
page resolves the published database itself, so tests can point ``SCREENING_DB`` elsewhere.
"""

from __future__ import annotations

import streamlit as st

from dashboard import identity, language, page_paths, page_style

st.set_page_config(
    page_title="Driftsfællesskaber – bruttoliste", page_icon=str(page_style.FAVICON), layout="wide"
)
language.choose()  # before any page draws, so its texts are in the reader's language
page_style.apply()

navigation = st.navigation(
    {
        # What the directors and the steering group read.
        "Bruttolisten": [
            st.Page(
                page_paths.OVERVIEW,
                title="Overblik",
                icon=":material/dashboard:",
                url_path="overblik",
                default=True,
            ),
            st.Page(
                page_paths.GROSS_LIST,
                title="Bruttoliste",
                icon=":material/format_list_numbered:",
                url_path="bruttoliste",
            ),
            st.Page(
                page_paths.CANDIDATE,
                title="Kandidat",
                icon=":material/search:",
                url_path="kandidat",
            ),
        ],
        # The recorded decisions of phases 1 and 2, in the order they are made.
        "Beslutninger": [
            st.Page(
                page_paths.PRIORITIES,
                title="Prioritering",
                icon=":material/low_priority:",
                url_path="prioritering",
            ),
            st.Page(
                page_paths.SNAPSHOTS,
                title="Fastfrosne lister",
                icon=":material/ac_unit:",
                url_path="fastfrosne-lister",
            ),
            st.Page(
                page_paths.POLITICAL,
                title="Politiske beslutninger",
                icon=":material/gavel:",
                url_path="politiske-beslutninger",
            ),
            st.Page(
                page_paths.MUNICIPAL_RANKINGS,
                title="Kommunernes rangordener",
                icon=":material/leaderboard:",
                url_path="kommunernes-rangordener",
            ),
        ],
        # Deciding what goes further: other weights, their consequences, and phase-3 capacity.
        "Vægte og udvælgelse": [
            st.Page(
                page_paths.WEIGHTS,
                title="Vægte",
                icon=":material/balance:",
                url_path="vaegte",
            ),
            st.Page(
                page_paths.SCENARIOS,
                title="Scenarier",
                icon=":material/compare_arrows:",
                url_path="scenarier",
            ),
            st.Page(
                page_paths.VALUE_EFFORT,
                title="Indsats og værdi",
                icon=":material/scatter_plot:",
                url_path="indsats-og-vaerdi",
            ),
        ],
        # The project group's work, in the order it happens: send, fix, match.
        "Projektgruppen": [
            st.Page(
                page_paths.SUBMIT_TEMPLATE,
                title="Indsend skabelon",
                icon=":material/upload_file:",
                url_path="indsend",
            ),
            st.Page(
                page_paths.DATA_QUALITY,
                title="Datakvalitet",
                icon=":material/fact_check:",
                url_path="datakvalitet",
            ),
            st.Page(
                page_paths.MATCH_REVIEW,
                title="Sammenkobling",
                icon=":material/join_inner:",
                url_path="sammenkobling",
            ),
        ],
    },
    # Every page in view: collapsed, the project group's pages hid behind an English «View 3 more».
    expanded=True,
)
# In the entry, so the chosen user follows the reader from page to page.
identity.demo_user_picker()
navigation.run()
