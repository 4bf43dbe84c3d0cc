"""Who uses which pages: each audience's home and menu, and the navigation built for this run.

Four audiences use the dashboard: the project group, a municipality's directorate, a committee
secretariat and the coordination committee (an administrator sees everything). After login each
sees their own home first and a menu of the pages their role uses. Every page stays reachable
by its address, read-only for those who may not write: the menu is a courtesy, and every write
is checked on the server (``screening.decisions.rights.check`` in the write functions).

In demo mode (no identity provider) the whole menu shows, with the four homes on top, so a
visitor can try every audience by picking a user in the sidebar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import streamlit as st

from dashboard.shell import page_paths as p
from screening.decisions.users import User
from screening.i18n import _


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str  # Danish source text; shown through _()
    icon: str
    url_path: str


PAGES: dict[str, PageSpec] = {
    spec.path: spec
    for spec in (
        PageSpec(
            p.HOME_PROJECT_GROUP,
            "Projektgruppens forside",
            ":material/home:",
            "forside-projektgruppe",
        ),
        PageSpec(p.HOME_DIRECTOR, "Direktionens forside", ":material/home:", "forside-direktion"),
        PageSpec(
            p.HOME_SECRETARY, "Sekretariatets forside", ":material/home:", "forside-sekretariat"
        ),
        PageSpec(
            p.HOME_COMMITTEE,
            "Koordinationsudvalgets forside",
            ":material/home:",
            "forside-koordinationsudvalg",
        ),
        PageSpec(p.OVERVIEW, "Overblik", ":material/dashboard:", "overblik"),
        PageSpec(p.GROSS_LIST, "Bruttoliste", ":material/format_list_numbered:", "bruttoliste"),
        PageSpec(p.CANDIDATE, "Kandidat", ":material/search:", "kandidat"),
        PageSpec(p.PRIORITIES, "Prioritering", ":material/low_priority:", "prioritering"),
        PageSpec(p.SNAPSHOTS, "Fastfrosne lister", ":material/ac_unit:", "fastfrosne-lister"),
        PageSpec(
            p.POLITICAL, "Politiske beslutninger", ":material/gavel:", "politiske-beslutninger"
        ),
        PageSpec(
            p.MUNICIPAL_RANKINGS,
            "Kommunernes rangordener",
            ":material/leaderboard:",
            "kommunernes-rangordener",
        ),
        PageSpec(p.WEIGHTS, "Vægte", ":material/balance:", "vaegte"),
        PageSpec(p.SCENARIOS, "Scenarier", ":material/compare_arrows:", "scenarier"),
        PageSpec(
            p.VALUE_EFFORT, "Indsats og værdi", ":material/scatter_plot:", "indsats-og-vaerdi"
        ),
        PageSpec(p.PHASE3_ANALYSES, "Fase 3", ":material/analytics:", "fase-3"),
        PageSpec(p.FOLLOW_UP, "Opfølgning", ":material/trending_up:", "opfoelgning"),
        PageSpec(p.ROUND_PLAN, "Rundeplan", ":material/event_note:", "rundeplan"),
        PageSpec(p.ROUNDS, "Runder", ":material/history:", "runder"),
        PageSpec(p.SUBMIT_TEMPLATE, "Indsend skabelon", ":material/upload_file:", "indsend"),
        PageSpec(p.DATA_QUALITY, "Datakvalitet", ":material/fact_check:", "datakvalitet"),
        PageSpec(p.MATCH_REVIEW, "Sammenkobling", ":material/join_inner:", "sammenkobling"),
        PageSpec(p.LOGIN, "Log ind", ":material/login:", "log-ind"),
        PageSpec(p.NO_ACCESS, "Ingen adgang", ":material/block:", "ingen-adgang"),
    )
}

HOMES_SECTION = "Forside"
# The menu's sections in the order the work happens (titles are Danish source texts).
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        HOMES_SECTION,
        (p.HOME_PROJECT_GROUP, p.HOME_DIRECTOR, p.HOME_SECRETARY, p.HOME_COMMITTEE),
    ),
    # What the directors and the steering group read.
    ("Bruttolisten", (p.OVERVIEW, p.GROSS_LIST, p.CANDIDATE)),
    # The recorded decisions of phases 1 and 2, in the order they are made.
    ("Beslutninger", (p.PRIORITIES, p.SNAPSHOTS, p.POLITICAL, p.MUNICIPAL_RANKINGS)),
    # Phase 3: the targeted analyses, then the established operations and their gains.
    ("Fase 3 og drift", (p.PHASE3_ANALYSES, p.FOLLOW_UP)),
    # Deciding what goes further: other weights, their consequences, and phase-3 capacity.
    ("Vægte og udvælgelse", (p.WEIGHTS, p.SCENARIOS, p.VALUE_EFFORT)),
    # The round's calendar and the rounds before it.
    ("Runder", (p.ROUND_PLAN, p.ROUNDS)),
    # The project group's work, in the order it happens: send, fix, match.
    ("Projektgruppen", (p.SUBMIT_TEMPLATE, p.DATA_QUALITY, p.MATCH_REVIEW)),
)

HOMES: dict[str, str] = {
    "projektgruppe": p.HOME_PROJECT_GROUP,
    "direktion": p.HOME_DIRECTOR,
    "sekretariat": p.HOME_SECRETARY,
    "koordinationsudvalg": p.HOME_COMMITTEE,
}
_READING = (p.OVERVIEW, p.GROSS_LIST, p.CANDIDATE)
# The pages each role works with, beside its home and what everyone reads.
USES: dict[str, tuple[str, ...]] = {
    "projektgruppe": (
        *_READING,
        p.SNAPSHOTS,
        p.MUNICIPAL_RANKINGS,
        p.WEIGHTS,
        p.SCENARIOS,
        p.VALUE_EFFORT,
        p.PHASE3_ANALYSES,
        p.FOLLOW_UP,
        p.ROUND_PLAN,
        p.ROUNDS,
        p.SUBMIT_TEMPLATE,
        p.DATA_QUALITY,
        p.MATCH_REVIEW,
    ),
    "direktion": (
        *_READING,
        p.PRIORITIES,
        p.MUNICIPAL_RANKINGS,
        p.WEIGHTS,
        p.SCENARIOS,
        p.VALUE_EFFORT,
        p.PHASE3_ANALYSES,
        p.FOLLOW_UP,
        p.ROUND_PLAN,
    ),
    "sekretariat": (
        *_READING,
        p.SNAPSHOTS,
        p.POLITICAL,
        p.PHASE3_ANALYSES,
        p.FOLLOW_UP,
        p.ROUND_PLAN,
    ),
    "koordinationsudvalg": (
        *_READING,
        p.SNAPSHOTS,
        p.POLITICAL,
        p.MUNICIPAL_RANKINGS,
        p.SCENARIOS,
        p.VALUE_EFFORT,
        p.PHASE3_ANALYSES,
        p.FOLLOW_UP,
        p.ROUND_PLAN,
        p.ROUNDS,
    ),
}


def homes_for(user: User) -> list[str]:
    """The homes of the user's roles (all four for an administrator), in menu order."""
    if user.has("administrator"):
        return list(HOMES.values())
    return [HOMES[role] for role in HOMES if user.has(role)]


def pages_for(user: User) -> set[str]:
    """Every page the user's menu shows: their homes and what their roles use."""
    if user.has("administrator"):
        return {path for _section, paths in SECTIONS for path in paths}
    used = {path for role in user.roles for path in USES.get(role, ())}
    return used | set(homes_for(user))


def menu(user: User) -> list[tuple[str, list[str]]]:
    """The user's menu: (section, pages) in the order of :data:`SECTIONS`, empty ones left out."""
    mine = pages_for(user)
    sections = [(title, [path for path in paths if path in mine]) for title, paths in SECTIONS]
    return [(title, paths) for title, paths in sections if paths]


# The default page is served at the root, but Streamlit still reserves its own address and
# answers a visit there with «page not found»; so it is registered under this unused address, and
# its real address (a bookmark, or another audience's link) is an alias of the same script.
FRONT_PAGE_ADDRESS = "forside"


def _page(path: str, default: bool = False) -> st.Page:
    spec = PAGES[path]
    return st.Page(
        spec.path,
        title=_(spec.title),
        icon=spec.icon,
        url_path=FRONT_PAGE_ADDRESS if default else spec.url_path,
        default=default,
    )


def _all_pages(default: str) -> tuple[dict[str, st.Page], list[st.Page]]:
    """Every page by path, the default at the root, and the alias of the default's address."""
    paths: Iterable[str] = (path for _section, paths in SECTIONS for path in paths)
    pages = {path: _page(path, default=path == default) for path in paths}
    spec = PAGES[default]
    alias = st.Page(spec.path, title=_(spec.title), icon=spec.icon, url_path=spec.url_path)
    return pages, [*pages.values(), alias]


def navigation(login_mode: bool, user: User | None, login_problem: str | None):
    """The ``st.navigation`` of this run, with the user's own menu drawn in the sidebar.

    Logged in, every page is registered (so a page's link to another always works) but the
    sidebar lists only the user's; the default page is the user's home.
    """
    if not login_mode:
        # Drawn as links under the demo picker, so who is acting stays at the top of the
        # sidebar (Streamlit's own menu always comes first).
        pages, registered = _all_pages(default=p.OVERVIEW)
        navigation = st.navigation(registered, position="hidden")
        with st.sidebar:
            for title, paths in SECTIONS:
                st.caption(_(title))
                for path in paths:
                    st.page_link(pages[path])
        return navigation
    if user is None:
        # Every address shows the login (or why there is no access), so a deep link from before
        # the login lands there rather than on Streamlit's «page not found».
        gate = PAGES[p.NO_ACCESS if login_problem else p.LOGIN]
        addresses = [spec.url_path for spec in PAGES.values()]
        return st.navigation(
            [
                st.Page(
                    gate.path,
                    title=_(gate.title),
                    icon=gate.icon,
                    url_path=address,
                    default=index == 0,
                )
                for index, address in enumerate(addresses)
            ],
            position="hidden",
        )
    homes = homes_for(user)
    pages, registered = _all_pages(default=homes[0] if homes else p.OVERVIEW)
    navigation = st.navigation(registered, position="hidden")
    with st.sidebar:
        for title, paths in menu(user):
            st.caption(_(title))
            for path in paths:
                st.page_link(pages[path])
    return navigation
