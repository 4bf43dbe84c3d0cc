"""Vægte: try other weights on the gross list at once, and derive weights by pairwise comparison.

Nothing here changes the published gross list. Re-ranking starts from the published
``candidate_values``; saving the pairwise result records a named profile in the decision store
(a directorate's own, or the project group's shared one), and the project group can choose the
profile the gross list is built with; the pipeline uses it on its next run.
"""

from __future__ import annotations

from functools import partial

import polars as pl
import streamlit as st

from dashboard.common import data, decision_store, formatting, safe_text
from dashboard.ranking import pairwise, tables, weights
from dashboard.shell import identity, language
from screening.decisions import rights
from screening.decisions.record import InvalidDecision, NotAllowed
from screening.decisions.store import Conflict, StoreError
from screening.decisions.weight_profiles import adopt_profile, adopted_version
from screening.i18n import _
from screening.ranking.ahp import ahp_weights
from screening.ranking.scoring import CRITERIA, CRITERION_LABELS, ScoringConfig, WeightProfile

PROFILE_KEY = "weights_profile"
PENDING_PROFILE_KEY = "weights_profile_after_save"
FLASH_KEY = "weights_flash"
ADOPT_SEEN_KEY = "weights_adopted_version_seen"
NEXT_RUN = _(
    "Bruttolisten ændres først, når projektgruppen vælger profilen til bruttolisten (her på "
    "siden) og danner bruttolisten på ny."
)
REFUSED = (NotAllowed, InvalidDecision, Conflict, StoreError)


def _slider_key(code: str, criterion: str) -> str:
    return f"weight_{code}_{criterion}"


@language.in_readers_language
def _reset(code: str) -> None:
    for criterion in CRITERIA:
        st.session_state.pop(_slider_key(code, criterion), None)


def _choose_profile(config: ScoringConfig, gross_list: pl.DataFrame) -> WeightProfile:
    codes = list(config.profiles)
    # A profile saved on the last run is chosen here, before the widget exists (Streamlit does
    # not allow changing a widget's value after it is drawn).
    pending = st.session_state.pop(PENDING_PROFILE_KEY, None)
    if pending in codes:
        st.session_state[PROFILE_KEY] = pending
    elif st.session_state.get(PROFILE_KEY) not in codes:
        st.session_state[PROFILE_KEY] = weights.starting_profile_code(config, gross_list)
    code = st.selectbox(
        _("Vægtprofil"),
        codes,
        format_func=lambda c: config.profiles[c].label,
        key=PROFILE_KEY,
        help=_(
            "Profilerne står i vægtfilen og beslutningsdatabasen; skyderne og "
            "sammenligningerne starter fra den valgte."
        ),
        placeholder=_("Vælg"),
    )
    _adopt(config, code)
    return config.profiles[code]


def _adopt(config: ScoringConfig, code: str) -> None:
    """The project group chooses the profile the next gross list is built with."""
    # The choice as it stood when the page was first shown: a colleague's choice made meanwhile
    # is then a conflict, not silently replaced.
    seen = st.session_state.setdefault(ADOPT_SEEN_KEY, adopted_version(decision_store.events()))
    if code == config.default_profile:
        st.caption(_("Bruttolisten dannes med denne profil."))
        return
    user = identity.current_user()
    if identity.refusal(user, rights.ADOPT):
        return
    # The choice as it stood when the page was first shown: a colleague's choice made meanwhile
    # is then a conflict, not silently replaced.
    seen = st.session_state.setdefault(ADOPT_SEEN_KEY, adopted_version(decision_store.events()))
    if st.button(_("Brug denne profil til bruttolisten"), icon=":material/task_alt:"):
        st.session_state.pop(ADOPT_SEEN_KEY, None)
        try:
            adopt_profile(decision_store.engine(), user, code, config, expected_version=seen)
        except REFUSED as error:
            st.error(safe_text.markdown(str(error)))
            return
        st.session_state[FLASH_KEY] = _(
            "«{label}» er valgt til bruttolisten. Den bruges, næste gang bruttolisten dannes."
        ).format(label=safe_text.markdown(config.profiles[code].label))
        st.session_state[PENDING_PROFILE_KEY] = code
        st.rerun()


def _sliders(profile: WeightProfile) -> dict[str, float]:
    chosen = {}
    for criterion in CRITERIA:
        chosen[criterion] = st.slider(
            _(CRITERION_LABELS[criterion]),
            min_value=0,
            max_value=100,
            value=round(profile.weights[criterion]),
            step=1,
            key=_slider_key(profile.code, criterion),
        )
    shares = weights.weight_shares_text(chosen)
    st.caption(
        _("Andel af den samlede vægt: ")
        + " · ".join(f"{_(CRITERION_LABELS[c])} {shares[c]}" for c in CRITERIA)
    )
    st.button(
        _("Tilbage til «{label}»").format(label=safe_text.markdown(profile.label)),
        on_click=_reset,
        args=(profile.code,),
        icon=":material/restart_alt:",
    )
    return chosen


def _reranked(profile, chosen, values, gross_list, config: ScoringConfig) -> None:
    if sum(chosen.values()) == 0:
        st.warning(_("Mindst ét kriterium skal have en vægt over 0."))
        return
    # Untouched sliders mean the profile itself (its weights may have decimals the sliders round).
    untouched = all(chosen[c] == round(profile.weights[c]) for c in CRITERIA)
    used = profile if untouched else weights.with_weights(profile, chosen)
    reranked = weights.rerank(values, gross_list, used, config.authority_exercise_penalty)
    moved = reranked.filter(pl.col("rank_change") != 0).height
    st.markdown(
        _(
            "**{moved} af {total} kandidater** står et andet sted end på den udgivne bruttoliste "
            "(vægtprofil «{profile}»). {up} = rykker op, {down} = rykker ned."
        ).format(
            moved=moved,
            total=reranked.height,
            profile=safe_text.markdown(gross_list["weight_profile"][0]),
            up=weights.UP,
            down=weights.DOWN,
        )
    )
    table = language.headers(weights.reranked_table(reranked))
    st.dataframe(
        weights.with_change_colours(table, _(weights.CHANGE_HEADER)),
        hide_index=True,
        column_config=language.config(
            {
                tables.RANK_HEADER: st.column_config.NumberColumn(width="small"),
                weights.PUBLISHED_RANK_HEADER: st.column_config.NumberColumn(width="small"),
                tables.SCORE_HEADER: st.column_config.TextColumn(alignment="right"),
            }
        ),
    )


def _save(result, label: str, profile: WeightProfile, config: ScoringConfig) -> None:
    user = identity.current_user()
    if refusal := identity.refusal(user, rights.WEIGHTS, user.municipality if user else None):
        st.error(refusal)
        return
    try:
        saved = pairwise.save_profile(decision_store.engine(), user, result, label, profile, config)
    except REFUSED as error:
        st.error(safe_text.markdown(str(error)))
        return
    owner = (
        _("projektgruppens fælles")
        if user.has("projektgruppe")
        else _("{municipality}s").format(municipality=user.municipality)
    )
    st.session_state[FLASH_KEY] = _(
        "Vægtprofilen «{label}» er gemt som {owner} profil. {next_run}"
    ).format(label=safe_text.markdown(saved.label), owner=owner, next_run=_(NEXT_RUN))
    st.session_state[PENDING_PROFILE_KEY] = saved.code
    st.rerun()


def _pairwise(profile: WeightProfile, config: ScoringConfig) -> None:
    st.markdown(
        _(
            "Sammenlign kriterierne to og to: hvor mange gange så højt vægter det ene som det "
            "andet? Skalaen er Saatys, fra 1 (lige højt) over 3 (noget højere), 5 (klart højere) "
            "og 7 (meget højere) til 9 (ekstremt meget højere). Vægtene beregnes af alle "
            "sammenligningerne under ét (AHP). Skyderne starter så tæt på «{profile}», som skalaen "
            "tillader."
        ).format(profile=safe_text.markdown(profile.label))
    )
    start = pairwise.starting_judgements(profile)
    judgements = {}
    columns = st.columns(2)
    for number, pair in enumerate(pairwise.criterion_pairs()):
        with columns[number % 2]:
            judgements[pair] = st.select_slider(
                _("{first} over for {second}").format(
                    first=_(CRITERION_LABELS[pair[0]]), second=_(CRITERION_LABELS[pair[1]])
                ),
                options=pairwise.SAATY_STEPS,
                value=start[pair],
                format_func=partial(pairwise.judgement_text, pair),
                key=f"ahp_{profile.code}_{pair[0]}_{pair[1]}",
            )
    result = ahp_weights(judgements)
    st.subheader(_("Resultat"))
    table, verdict = st.columns([3, 2])
    table.dataframe(language.headers(pairwise.weights_table(result, profile)), hide_index=True)
    verdict.metric(
        _("Konsistensforhold (CR)"),
        formatting.number(result.consistency_ratio, 2),
        help=_("Under 0,10 hænger sammenligningerne godt nok sammen til, at vægtene kan bruges."),
        border=True,
    )
    if result.is_consistent:
        verdict.success(pairwise.consistency_text(result), icon=":material/check_circle:")
    else:
        hints = "\n".join(f"- {hint}" for hint in pairwise.inconsistency_hints(result))
        verdict.warning(
            _("{consistency}\n\nDe mest modstridende sammenligninger:\n\n{hints}").format(
                consistency=pairwise.consistency_text(result), hints=hints
            ),
            icon="⚠️",
        )
    with st.form("ahp_save", clear_on_submit=False):
        label = st.text_input(
            _("Navn på den nye vægtprofil"), placeholder=_("Fx Direktionens vægte 2026")
        )
        submitted = st.form_submit_button(
            _("Gem som vægtprofil"), icon=":material/save:", disabled=not result.is_consistent
        )
        if submitted:
            _save(result, label, profile, config)
    st.caption(
        _(
            "Profilen gemmes i beslutningsdatabasen med målvægtene fra «{profile}», som din "
            "kommunes (en direktion) eller som projektgruppens fælles profil. {next_run}"
        ).format(profile=safe_text.markdown(profile.label), next_run=_(NEXT_RUN))
        + ("" if result.is_consistent else _(" Ret de modstridende sammenligninger først."))
    )


st.title(_("Vægte"))
path, gross_list = data.gross_list_or_stop("candidate_values")
st.caption(data.publication_caption(path))
st.markdown(
    _(
        "Prøv andre vægte og se bruttolisten rangeret på ny med det samme. Den udgivne bruttoliste "
        "ændres ikke herfra."
    )
)
if flash := st.session_state.pop(FLASH_KEY, None):
    st.success(flash, icon=":material/check_circle:")

config = data.scoring_config()
profile = _choose_profile(config, gross_list)
values = data.candidate_values(path)

adjust, compare = st.tabs([_("Justér vægtene"), _("Parvis sammenligning (AHP)")])
with adjust:
    sliders, ranking = st.columns([1, 2])
    with sliders:
        chosen = _sliders(profile)
    with ranking:
        _reranked(profile, chosen, values, gross_list, config)
with compare:
    _pairwise(profile, config)
