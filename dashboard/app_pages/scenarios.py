"""Scenarier: two weight profiles side by side, and how each candidate's rank moves between them."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, safe_text
from dashboard.decisions import priority_charts
from dashboard.ranking import tables, weights
from dashboard.shell import language
from screening.i18n import _
from screening.ranking.scenarios import compare_profiles

FIRST_KEY, SECOND_KEY = "scenario_first", "scenario_second"


def _choose(label: str, key: str, codes: list[str], start: str, names: dict[str, str]) -> str:
    if st.session_state.get(key) not in codes:
        st.session_state[key] = start
    return st.selectbox(label, codes, format_func=names.get, key=key, placeholder=_("Vælg"))


st.title(_("Scenarier"))
path, gross_list = data.gross_list_or_stop("candidate_values")
st.caption(data.publication_caption(path))
st.markdown(
    _(
        "Sammenlign bruttolisten under to vægtprofiler: hvilke kandidater rykker op, og hvilke "
        "rykker ned, når vægtene skifter? Ændringen læses fra den første profil til den anden."
    )
)

config = data.scoring_config()
codes = list(config.profiles)
names = {code: profile.label for code, profile in config.profiles.items()}
if len(codes) < 2:
    st.info(_("Vægtfilen har kun én profil. Tilføj en under «Vægte» for at sammenligne."))
    st.stop()
first_start = weights.starting_profile_code(config, gross_list)
second_start = next(code for code in codes if code != first_start)
left, right = st.columns(2)
with left:
    first_code = _choose(_("Første profil"), FIRST_KEY, codes, first_start, names)
with right:
    second_code = _choose(_("Anden profil"), SECOND_KEY, codes, second_start, names)
if first_code == second_code:
    st.info(_("Vælg to forskellige profiler for at se, hvordan placeringerne flytter sig."))
    st.stop()
first, second = config.profiles[first_code], config.profiles[second_code]

comparison = compare_profiles(
    data.candidate_values(path), first, second, config.authority_exercise_penalty
)
moved = comparison.filter(pl.col("rank_change") != 0)
figures = st.columns(3)
figures[0].metric(
    _("Kandidater, der skifter plads"),
    _("{n} af {total}").format(n=moved.height, total=comparison.height),
)
if not moved.is_empty():
    titles = dict(gross_list.select("candidate_id", "title").iter_rows())
    up = moved.sort(["rank_change", "rank_second"], descending=[True, False]).row(0, named=True)
    down = moved.sort(["rank_change", "rank_second"]).row(0, named=True)
    if up["rank_change"] > 0:
        figures[1].metric(
            _("Rykker længst op"),
            safe_text.markdown(titles.get(up["candidate_id"], up["candidate_id"])),
            _("{n} pladser").format(n=up["rank_change"]) if up["rank_change"] > 1 else _("1 plads"),
        )
    if down["rank_change"] < 0:
        figures[2].metric(
            _("Rykker længst ned"),
            safe_text.markdown(titles.get(down["candidate_id"], down["candidate_id"])),
            _("-{n} pladser").format(n=-down["rank_change"])
            if down["rank_change"] < -1
            else _("-1 plads"),
        )

chart, table = st.columns([1, 1])
chart.plotly_chart(
    priority_charts.scenario_slopes(
        weights.with_titles(comparison, gross_list), first.label, second.label
    )
)
shown = weights.scenario_table(comparison, gross_list, first.label, second.label)
first_header, second_header = weights.scenario_rank_headers(first.label, second.label)
table.dataframe(
    weights.with_change_colours(language.headers(shown), _(weights.CHANGE_HEADER)),
    hide_index=True,
    column_config=language.config(
        {
            tables.TITLE_HEADER: st.column_config.TextColumn(width="medium"),
            first_header: st.column_config.NumberColumn(width="small"),
            second_header: st.column_config.NumberColumn(width="small"),
        }
    ),
)
table.caption(
    _(
        "Sorteret efter placeringen med «{profile}». {up} = rykker op, {down} = rykker ned. Begge "
        "placeringer er beregnet her fra de udgivne kriterieværdier; den udgivne bruttoliste "
        "ændres ikke."
    ).format(profile=safe_text.markdown(second.label), up=weights.UP, down=weights.DOWN)
)
