"""Kommunernes rangordener: the gross list ranked under each directorate's own weight profile and
under a group profile, side by side, the candidates the municipalities disagree most about first.

For the coordination committee. Each directorate saves its profile on «Vægte» (sliders or
pairwise comparison); the group profile pools their comparisons (the geometric mean of the AHP
judgements, see :mod:`screening.decisions.municipal_rankings`). Nothing here is written.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, formatting
from dashboard.shell import language
from screening.decisions.municipal_rankings import (
    GROUP_PROFILE_LABEL,
    group_profile,
    municipal_profiles,
    rankings_side_by_side,
)
from screening.i18n import _
from screening.ranking.scoring import CRITERIA, CRITERION_LABELS

st.title(_("Kommunernes rangordener"))
path, gross_list = data.gross_list_or_stop("candidate_values")
st.caption(data.publication_caption(path))
st.markdown(
    _(
        "Hver direktion kan gemme sin egen vægtprofil under «Vægte». Her rangeres bruttolisten "
        "efter hver kommunes nyeste profil og efter en fælles profil, og de kandidater, kommunerne "
        "er mest uenige om, står først."
    )
)

municipalities = data.participating_municipalities()
profiles = municipal_profiles(decision_store.events(), municipalities)
if not profiles:
    st.info(
        _(
            "Ingen direktion har gemt en vægtprofil endnu. En direktion gemmer sin profil under "
            "«Vægte» (parvis sammenligning); så vises kommunernes rangordener her."
        )
    )
    st.stop()
missing = [m for m in municipalities if m not in profiles]
if missing:
    st.caption(_("Uden egen vægtprofil endnu: ") + ", ".join(missing) + ".")

group = group_profile(profiles)
pooled_ahp = all(matrix is not None for _profile, matrix in profiles.values())
used = pl.DataFrame(
    {
        _("Kommune"): [*profiles, _("Fælles")],
        _("Vægtprofil"): [p.label for p, _m in profiles.values()] + [_(GROUP_PROFILE_LABEL)],
        **{
            CRITERION_LABELS[c]: [
                formatting.share(p.weight_shares()[c]) for p, _m in profiles.values()
            ]
            + [formatting.share(group.weight_shares()[c])]
            for c in CRITERIA
        },
    }
)
st.subheader(_("Profilerne"))
st.dataframe(language.headers(used), hide_index=True)
st.caption(
    _(
        "Den fælles profil er det geometriske gennemsnit af kommunernes parvise sammenligninger "
        "(AHP), så ingen kommunes svar vejer tungere end en andens."
    )
    if pooled_ahp
    else _(
        "Den fælles profil er det normaliserede geometriske gennemsnit af kommunernes vægte "
        "(mindst én profil er sat med skydere, ikke ved parvis sammenligning)."
    )
)

config = data.scoring_config()
named = {m: p for m, (p, _matrix) in profiles.items()} | {_("Fælles profil"): group}
side = rankings_side_by_side(data.candidate_values(path), named, config.authority_exercise_penalty)
table = side.join(gross_list.select("candidate_id", "title", "rank"), on="candidate_id").select(
    pl.col("title").alias(_("Kandidat")),
    *[pl.col(name) for name in named],
    pl.col("rank").alias(_("Bruttolisten")),
    pl.col("rank_spread").alias(_("Forskel i placering")),
)
st.subheader(_("Placeringer side om side"))
st.dataframe(language.headers(table), hide_index=True)
st.caption(
    _(
        "Tallene er placeringer (1 = øverst). «Forskel i placering» er afstanden mellem den bedste "
        "og den dårligste placering blandt kommunernes egne profiler og den fælles profil; "
        "«Bruttolisten» er placeringen på den udgivne liste."
    )
)
