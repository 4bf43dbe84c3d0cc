"""Who is using the dashboard: the logged-in user, or in demo mode the one picked in the sidebar.

Pages ask :func:`current_user` and nothing else. With an identity provider configured (an
``[auth]`` section in ``.streamlit/secrets.toml``), the user is who ``st.login`` says, resolved
to a :class:`~screening.decisions.users.User` by
:func:`~screening.decisions.logins.user_from_claims`; the demo picker never shows then. Without
one (the embedded default), the sidebar's clearly labelled demo picker stands in. Without a user
every page is read-only. What a user may write is still checked inside the domain's write
functions; hiding a button here is a courtesy, never the protection.
"""

from __future__ import annotations

import streamlit as st

from screening.config import load_screening_config, users_path
from screening.decisions import rights
from screening.decisions.logins import GroupGrant, UnknownLogin, load_groups, user_from_claims
from screening.decisions.rights import NotAllowed
from screening.decisions.users import User, UsersFileError, load_users
from screening.i18n import N_, _
from screening.operations import startup
from screening.vocabulary import ROLES, label_of

USER_KEY = "demo_user"
NO_USER = ""
# The demo user in the address (``?bruger=haderslev.direktion``): a reload, a row click that
# opens another page and a link sent to a colleague keep who is acting.
USER_PARAM = "bruger"
_OPEN_HOME = "demo_user_open_home"
DEMO_LABEL = N_("Demo-tilstand: vælg bruger")
NO_USER_LABEL = N_("Ingen (kun læse)")
READ_ONLY_TEXT = N_(
    "Du er ikke logget ind, så du kan kun læse. Vælg en bruger under «Demo-tilstand» i "
    "sidepanelet for at prøve at registrere."
)


@st.cache_data(show_spinner=False)
def _users(path: str, version: int) -> dict[str, User]:
    return load_users(load_screening_config())


@st.cache_data(show_spinner=False)
def _groups(path: str, version: int) -> dict[str, GroupGrant]:
    return load_groups(load_screening_config())


def login_configured() -> bool:
    """Whether an identity provider is set up (``[auth]`` in secrets.toml): then only a login
    says who the user is, and the demo picker is gone."""
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except Exception:  # a secrets file that does not parse: Streamlit itself reports it
        return False


def startup_problem() -> str | None:
    """Why the dashboard must not start (a guessable login secret, an open demo), or None."""
    auth = st.secrets["auth"] if login_configured() else None
    return startup.startup_problem(
        dict(auth) if auth is not None else None, st.get_option("server.address")
    )


def demo_is_open() -> bool:
    """Demo mode reachable from other machines, on purpose: every page says so."""
    return not login_configured() and not startup.is_loopback(st.get_option("server.address"))


def _logged_in_claims() -> dict | None:
    return st.user.to_dict() if st.user.is_logged_in else None


def login_problem() -> str | None:
    """Why the logged-in person is no user of ours (Danish), or None."""
    claims = _logged_in_claims() if login_configured() else None
    if claims is None:
        return None
    try:
        _user_from_login(claims)
    except (UnknownLogin, UsersFileError) as reason:
        return str(reason)
    return None


def _user_from_login(claims: dict) -> User:
    path = users_path()
    try:
        groups = _groups(str(path), path.stat().st_mtime_ns)
    except FileNotFoundError:
        groups = {}
    return user_from_claims(claims, load_screening_config(), users(), groups)


def users() -> dict[str, User]:
    """The users file as it is now (re-read when it changes); empty when it cannot be read."""
    path = users_path()
    try:
        return _users(str(path), path.stat().st_mtime_ns)
    except (FileNotFoundError, UsersFileError):
        return {}


def current_user() -> User | None:
    """The user the pages act for, or None: then they show, but change nothing."""
    if login_configured():
        claims = _logged_in_claims()
        if claims is None:
            return None
        try:
            return _user_from_login(claims)
        except (UnknownLogin, UsersFileError):
            return None
    chosen = st.session_state.get(USER_KEY, st.query_params.get(USER_PARAM))
    return users().get(chosen) if chosen else None


def acting_user() -> User:
    """The user a save is made for; without one the save is refused with the read-only text."""
    user = current_user()
    if user is None:
        raise NotAllowed(_(READ_ONLY_TEXT))
    return user


def described(user: User) -> str:
    """«Karen Holm (Haderslev, Projektgruppe)», the roles in the reader's language."""
    roles = ", ".join(_(label_of(ROLES, role)) for role in user.roles)
    return f"{user.name} ({user.municipality}, {roles})"


def sidebar() -> None:
    """Who is working: the logged-in user with «Log ud», or the demo picker."""
    if not login_configured():
        demo_user_picker()
        return
    if not st.user.is_logged_in:
        return
    user = current_user()
    with st.sidebar:
        st.caption(
            _("Logget ind som {who}").format(
                who=described(user) if user else str(st.user.to_dict().get("name") or "")
            )
        )
        st.button(_("Log ud"), icon=":material/logout:", on_click=st.logout, key="logout")


def refusal(user: User | None, action: str, municipality: str | None = None) -> str | None:
    """Why ``user`` may not make this write (Danish), or None when they may."""
    if user is None:
        return _(READ_ONLY_TEXT)
    try:
        rights.check(user, action, municipality)
    except NotAllowed as reason:
        return str(reason)
    return None


def _keep_demo_user() -> None:
    """Carry the demo user over from the last run, or from the address after a reload.

    Streamlit forgets a widget's value once a run of another page does not draw it (a row
    click's ``st.switch_page`` ends the run early); the value re-assigned to its own key is kept.
    """
    if USER_KEY in st.session_state:
        st.session_state[USER_KEY] = st.session_state[USER_KEY]
    else:
        st.session_state[USER_KEY] = st.query_params.get(USER_PARAM, NO_USER)


def _chosen() -> None:
    st.session_state[_OPEN_HOME] = bool(st.session_state.get(USER_KEY))


def chosen_just_now() -> bool:
    """Whether the reader picked a user in this run (once: the flag is cleared)."""
    return bool(st.session_state.pop(_OPEN_HOME, False))


def demo_user_picker() -> None:
    """The sidebar's picker of the users in ``config/users.toml``, clearly marked as a demo,
    with the choice kept in the address."""
    known = users()
    with st.sidebar:
        st.subheader(_("Demo-tilstand"))
        if not known:
            st.warning(
                _("Brugerfilen {path} kan ikke læses, så dashboardet kan kun vises.").format(
                    path=users_path()
                ),
                icon="⚠️",
            )
            return
        _keep_demo_user()
        if st.session_state.get(USER_KEY) not in (NO_USER, *known):
            st.session_state[USER_KEY] = NO_USER  # a user removed from the file since
        # In the reader's language: a keyed selectbox keeps its choice when the texts of its
        # options change (Streamlit identifies it by the key alone). Worded here, not in the
        # format function, which Streamlit may call outside this run (without its language).
        shown = {NO_USER: _(NO_USER_LABEL)} | {
            user_id: described(u) for user_id, u in known.items()
        }
        st.selectbox(
            _(DEMO_LABEL),
            list(shown),
            format_func=shown.get,
            key=USER_KEY,
            on_change=_chosen,
            help=_(
                "Login er ikke sat op her. Vælg, hvem du vil optræde som, for at prøve at "
                "registrere prioriteringer og beslutninger; brugerne står i config/users.toml."
            ),
            placeholder=_("Vælg"),
        )
        st.caption(
            _(
                "Demo: login er ikke sat op her, så alle kan vælge enhver bruger. "
                "Det, du gemmer, registreres i navnet på den valgte bruger."
            )
        )
        st.divider()
    chosen = st.session_state[USER_KEY]
    if chosen:
        st.query_params[USER_PARAM] = chosen
    elif USER_PARAM in st.query_params:
        del st.query_params[USER_PARAM]


def municipality_picker(municipalities: list[str], key: str) -> str:
    """Which municipality a page shows: the user's own to start with, any other to read.

    When another user is picked in the sidebar, the page follows to that user's municipality,
    so a director never starts out looking at a list they cannot change.
    """
    user = current_user()
    owner_key = f"{key}_for_user"
    own = user.municipality if user and user.municipality in municipalities else None
    if st.session_state.get(owner_key) != (user.id if user else None):
        st.session_state[owner_key] = user.id if user else None
        if own:
            st.session_state[key] = own
    if st.session_state.get(key) not in municipalities:
        st.session_state[key] = own or municipalities[0]
    return st.selectbox(_("Kommune"), municipalities, key=key, placeholder=_("Vælg"))
