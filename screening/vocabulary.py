"""The screening vocabulary, defined once.

Every part of the product (template, validator, scorer, dashboard) reads the goals, task types,
cooperation forms, phases and service areas from here: English code names for the code, Danish
labels for the users. The municipalities are data and live in ``config/screening.toml``
(see :mod:`screening.config`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import snowballstemmer
from rapidfuzz import fuzz, process

from screening.text import compact, fold


@dataclass(frozen=True)
class Term:
    """One value of the vocabulary: a stable code and what the user reads."""

    code: str
    label: str
    short: str
    explanation: str = ""


@dataclass(frozen=True)
class CooperationForm(Term):
    # Position on the binding ladder (1 = least binding). Joint procurement is a separate mode
    # beside the ladder, so it has no step.
    ladder_step: int | None = None


GOALS: tuple[Term, ...] = (
    Term(
        "rational_operation",
        "Mere rationel drift, herunder bedre udnyttelse af materiel",
        "Rationel drift",
        "Opgaven kan løses med færre ressourcer eller bedre udnyttelse af maskiner, biler "
        "og lokaler.",
    ),
    Term(
        "economic_efficiency",
        "Økonomisk effektivisering (det samme for mindre / mere for det samme)",
        "Økonomisk effektivisering",
        "Samme service billigere, eller mere service for de samme penge.",
    ),
    Term(
        "specialist_competence",
        "Kompetenceudnyttelse på specialistfunktioner",
        "Specialistkompetencer",
        "Få, højt specialiserede medarbejdere kan dække flere kommuner.",
    ),
    Term(
        "reduced_vulnerability",
        'Mindre sårbarhed ved medarbejderes jobskifte (og ikke at "stjæle" medarbejdere '
        "fra hinanden)",
        "Mindre sårbarhed",
        "Funktionen står ikke stille, når én medarbejder rejser, og kommunerne konkurrerer ikke "
        "om de samme folk.",
    ),
    Term(
        "higher_quality",
        "Højere kvalitet i opgaveløsningen",
        "Højere kvalitet",
        "Større faglige miljøer og fælles standarder giver bedre opgaveløsning.",
    ),
    Term(
        "better_access",
        "Bedre adgang til ydelser for borgerne",
        "Bedre adgang for borgerne",
        "Længere åbningstid, kortere ventetid eller flere tilbud tæt på borgeren.",
    ),
)

TASK_TYPES: tuple[Term, ...] = (
    Term(
        "processes",
        "Processer",
        "Processer",
        "Fælles standarder, serviceniveauer og arbejdsgange. Eksempel: fælles sagsgang for "
        "kørselsgodtgørelse.",
    ),
    Term(
        "systems",
        "Systemer (IT)",
        "Systemer (IT)",
        "Fælles IT-systemer og IT-drift. Eksempel: fælles servercenter eller fælles ESDH-system.",
    ),
    Term(
        "organisation",
        "Organisering",
        "Organisering",
        "Ledelse, administration, indkøb og specialistfunktioner. Eksempel: fælles lønkontor.",
    ),
    Term(
        "locations",
        "Lokationer/anlæg",
        "Lokationer/anlæg",
        "Bygninger, specialmaskiner og depoter. Eksempel: fælles hjælpemiddeldepot.",
    ),
)

COOPERATION_FORMS: tuple[CooperationForm, ...] = (
    CooperationForm(
        "network",
        "Netværk",
        "Netværk",
        "Løst samarbejde: erfaringsudveksling mellem fagfolk.",
        ladder_step=1,
    ),
    CooperationForm(
        "partnership",
        "Partnerskab",
        "Partnerskab",
        "Konkrete driftsopgaver løses på grundlag af samarbejdsaftaler.",
        ladder_step=2,
    ),
    CooperationForm(
        "shared_service",
        "Shared service",
        "Shared service",
        "Én kommune overtager driftsansvaret for de andre.",
        ladder_step=3,
    ),
    CooperationForm(
        "joint_procurement",
        "Fælles udbud",
        "Fælles udbud",
        "Kommunerne udbyder opgaven sammen (en selvstændig form ved siden af stigen).",
        ladder_step=None,
    ),
)

PHASES: tuple[Term, ...] = (
    Term(
        "phase1_screening",
        "Fase 1 – administrativ screening",
        "Fase 1",
        "Hver kommune screener egne opgaver; resultaterne samles i en bruttoliste, som "
        "direktionerne prioriterer.",
    ),
    Term(
        "phase2_selection",
        "Fase 2 – politisk udvælgelse",
        "Fase 2",
        "Kommunernes politiske udvalg vælger de områder, de vil arbejde videre med.",
    ),
    Term(
        "phase3_analysis",
        "Fase 3 – målrettet analyse",
        "Fase 3",
        "Målrettet analyse af de udvalgte forslag, som ender i etablering af et "
        "driftsfællesskab eller i, at forslaget droppes.",
    ),
)

# Phase 1: each municipality's directorate says how much it wants each candidate, its own and
# those it did not propose but would join.
PRIORITIES: tuple[Term, ...] = (
    Term("high", "Høj", "Høj", "Kommunen vil gerne have kandidaten med videre."),
    Term(
        "medium",
        "Middel",
        "Middel",
        "Kommunen vil gerne have kandidaten med videre, efter dem med høj prioritet.",
    ),
    Term(
        "low",
        "Lav",
        "Lav",
        "Kommunen ser en mindre gevinst i kandidaten og tager den efter de andre.",
    ),
    Term(
        "would_join",
        "Vil gerne være med",
        "Vil gerne være med",
        "Kommunen har ikke selv foreslået opgaven, men vil gerne være med.",
    ),
    Term("opted_out", "Fravalgt", "Fravalgt", "Kommunen ønsker ikke kandidaten."),
)

# Phase 2: each municipality's committee decides on the candidates of the frozen gross list.
POLITICAL_DECISIONS: tuple[Term, ...] = (
    Term("proceed", "Ønsker at gå videre", "Videre", "Kommunen vil have kandidaten analyseret."),
    Term("decline", "Ønsker ikke", "Nej"),
    Term("postponed", "Udsat", "Udsat", "Udvalget har udsat beslutningen."),
)

# A candidate goes on to the targeted analysis when at least this many municipalities want it.
MIN_WILLING_MUNICIPALITIES = 2

# Who a user is, per municipality; the codes are what config/users.toml and the login claims use.
ROLES: tuple[Term, ...] = (
    Term(
        "projektgruppe",
        "Projektgruppe",
        "Projektgruppe",
        "Indsender skabeloner, afgør sammenkobling og fastfryser bruttolisten.",
    ),
    Term(
        "direktion", "Direktion", "Direktion", "Prioriterer kandidaterne for sin kommune (fase 1)."
    ),
    Term(
        "sekretariat",
        "Udvalgssekretariat",
        "Sekretariat",
        "Registrerer de politiske beslutninger for sin kommune (fase 2).",
    ),
    Term(
        "koordinationsudvalg",
        "Koordinationsudvalg",
        "Koordinationsudvalg",
        "Følger det hele; ændrer intet.",
    ),
    Term("administrator", "Administrator", "Administrator", "Må alt, for alle kommuner."),
)

SERVICE_AREAS: tuple[Term, ...] = (
    Term("it_digital", "IT og digitalisering", "IT"),
    Term("payroll_hr", "Løn og personale", "Løn og HR"),
    Term("finance", "Økonomi og regnskab", "Økonomi"),
    Term("procurement", "Indkøb og udbud", "Indkøb"),
    Term("legal_secretariat", "Jura og sekretariat", "Jura"),
    Term("citizen_service", "Borgerservice", "Borgerservice"),
    Term("technical_environment", "Teknik og miljø", "Teknik og miljø"),
    Term("roads_parks", "Veje, parker og grønne områder", "Veje og parker"),
    Term("buildings_facilities", "Ejendomme og anlæg", "Ejendomme"),
    Term("elderly_health", "Ældre og sundhed", "Ældre og sundhed"),
    Term("social_disability", "Handicap og psykiatri", "Handicap og psykiatri"),
    Term("children_youth", "Børn og unge", "Børn og unge"),
    Term("schools", "Skole og uddannelse", "Skole"),
    Term("employment", "Beskæftigelse", "Beskæftigelse"),
    Term("culture_leisure", "Kultur og fritid", "Kultur og fritid"),
    Term("emergency", "Beredskab", "Beredskab"),
)

# A service area written in the municipality's own words that none of ours fits: the row is
# kept under this term, with the words as written beside it (never in the template's list).
OTHER_SERVICE_AREA = Term(
    "other",
    "Andet (ikke genkendt)",
    "Andet",
    "Fagområdet står, som kommunen skrev det; det passer ikke på et af skabelonens fagområder.",
)

# What people actually type for a value, beside its label, short form and code. Compared by
# meaning (case, spacing, punctuation and æ/ae, ø/oe, å/aa ignored), so list each word once.
ALIASES: dict[str, tuple[str, ...]] = {
    # goals (also the words used when several goals are written in one cell)
    "rational_operation": ("rationel drift", "rationel", "bedre udnyttelse af materiel"),
    "economic_efficiency": (
        "økonomi",
        "økonomisk",
        "effektivisering",
        "besparelse",
        "økonomisk gevinst",
        "spare penge",
        "billigere",
    ),
    "specialist_competence": ("specialist", "specialister", "kompetencer", "kompetenceudnyttelse"),
    "reduced_vulnerability": ("sårbarhed", "mindre sårbar", "robusthed", "rekruttering"),
    "higher_quality": ("kvalitet", "bedre kvalitet", "faglig kvalitet"),
    "better_access": ("adgang", "borgeradgang", "service for borgerne", "tilgængelighed"),
    # service areas: the words town halls use for their own departments
    "it_digital": ("it-afdeling", "digitalisering", "it og digital", "digital"),
    "payroll_hr": ("hr", "personale", "løn", "lønkontor", "personaleafdeling"),
    "finance": ("økonomi", "regnskab", "økonomiafdeling", "budget", "bogholderi"),
    "procurement": ("indkøb", "udbud", "indkøbsafdeling"),
    "legal_secretariat": ("jura", "juridisk", "sekretariat", "stab", "staben", "direktion"),
    "citizen_service": ("borgerservice", "ydelser", "borgerkontakt"),
    "technical_environment": ("teknik", "miljø", "natur", "plan", "byggeri", "forsyning"),
    "roads_parks": ("vej", "veje", "park", "grønne områder", "trafik", "vej og park"),
    "buildings_facilities": ("ejendom", "ejendomme", "bygninger", "ejendomsservice", "anlæg"),
    "elderly_health": ("ældre", "sundhed", "omsorg", "pleje", "ældreområdet", "hjemmepleje"),
    "social_disability": ("social", "socialområdet", "handicap", "psykiatri", "voksen"),
    "children_youth": ("børn", "unge", "familie", "dagtilbud", "børn og familie"),
    "schools": ("skole", "skoler", "skoleområdet", "undervisning", "uddannelse"),
    "employment": ("jobcenter", "arbejdsmarked", "beskæftigelsesområdet"),
    "culture_leisure": ("kultur", "fritid", "idræt", "bibliotek"),
    "emergency": ("brand", "redning", "brand og redning"),
    # task types
    "processes": ("proces", "arbejdsgange", "standarder", "process", "processes"),
    "systems": ("it", "it-systemer", "it-system", "systemer", "system", "systems", "it systemer"),
    "organisation": ("organisation", "organization", "organisering og ledelse", "administration"),
    "locations": ("lokationer", "anlæg", "bygninger", "lokation", "locations", "depot"),
    # cooperation forms
    "network": ("netværkssamarbejde", "erfa", "erfaringsudveksling", "network"),
    "partnership": ("partnerskaber", "samarbejdsaftale", "partnership"),
    "shared_service": (
        "shared service center",
        "ssc",
        "shared services",
        "fælles driftsenhed",
        "værtskommune",
    ),
    "joint_procurement": (
        "fællesudbud",
        "fælles indkøb",
        "udbud",
        "joint procurement",
        "udbudssamarbejde",
    ),
}

YES_LABEL = "Ja"
NO_LABEL = "Nej"


def spellings(term: Term) -> tuple[str, ...]:
    """Every accepted way to write ``term``: label, short form, code and known aliases."""
    return (term.label, term.short, term.code, *ALIASES.get(term.code, ()))


def find_term(text: str, terms: tuple[Term, ...]) -> Term | None:
    """The term ``text`` names by one of its spellings, compared by meaning; None if none does."""
    return _spelling_index(terms).get(compact(text))


@functools.cache
def _spelling_index(terms: tuple[Term, ...]) -> dict[str, Term]:
    """Compact spelling -> term, built once per vocabulary; the first term wins."""
    index: dict[str, Term] = {}
    for term in terms:
        for spelling in spellings(term):
            index.setdefault(compact(spelling), term)
    return index


@dataclass(frozen=True)
class Interpretation:
    """What a cell was read as, and how: by one of the term's spellings, as a misspelling of
    one (fuzzy), or by the words it shares with one (stems, parts of compounds)."""

    term: Term
    how: str  # "spelling", "fuzzy" or "words"


# Words that say nothing about which term is meant; «mere», «bedre» and «mindre» appear in
# several goals' labels, «fælles» in several cooperation forms.
_FILLER = frozenset(
    fold(w)
    for w in """og i af til for med fra på den det de en et samt om ved herunder mere mindre
    bedre samme fælles kommune kommunen kommunens kommuner opgave opgaven opgaver område
    området ikke at""".split()
)
_STEMMER = snowballstemmer.stemmer("danish")
FUZZY_SCORE = 86  # rapidfuzz ratio (0-100) for a misspelling: «Parnerskab», «Netværkk»
_MIN_COMPOUND = 5  # «enhed» inside «driftsenhed», «specialist» in «specialistviden»


def interpret_term(
    text: str, terms: tuple[Term, ...], by_words: bool = True
) -> Interpretation | None:
    """The term ``text`` most plausibly names, or None. First one of its spellings (compared by
    meaning) or the beginning of a label («Mere rationel drift»), then a misspelling of one,
    then (if ``by_words``) the words they share: the written words' stems against the stems of
    each term's label, short form and aliases, a word that begins or ends with one of those
    counting too («ældreområdet», «driftsenhed»). By words, a term must name at least half of
    the written words, and ties go to the term named by the word written first, so
    «Økonomi og personale» reads as «Økonomi og regnskab»."""
    if not fold(text):
        return None
    term = find_term(text, terms)
    if term is not None:
        return Interpretation(term, "spelling")
    key = compact(text)
    beginning = [t for t in terms if len(key) >= 8 and compact(t.label).startswith(key)]
    if len(beginning) == 1:
        return Interpretation(beginning[0], "spelling")
    spellings, owners = _fuzzy_index(terms)
    if len(key) >= 4:
        found = process.extractOne(key, spellings, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE)
        if found is not None:
            return Interpretation(owners[found[2]], "fuzzy")
    words = [w for w in fold(text).split() if w not in _FILLER]
    if not words or not by_words:
        return None
    stems = [_STEMMER.stemWord(w) for w in words]
    best: tuple[float, int, int] | None = None  # (coverage, -first word, -term index)
    chosen = None
    for index, (candidate, term_stems) in enumerate(_stem_index(terms)):
        hits = [i for i, stem in enumerate(stems) if _names(stem, words[i], term_stems)]
        if not hits:
            continue
        score = (len(hits) / len(stems), -hits[0], -index)
        if best is None or score > best:
            best, chosen = score, candidate
    if chosen is None or best[0] < 0.5:
        return None
    return Interpretation(chosen, "words")


def _names(stem: str, word: str, term_stems: frozenset[str]) -> bool:
    if stem in term_stems:
        return True
    # A compound and its part, either way round: «ældreområdet» names «ældre», «enhed» names
    # «driftsenhed».
    return any(
        (len(t) >= _MIN_COMPOUND and (word.startswith(t) or word.endswith(t)))
        or (len(stem) >= _MIN_COMPOUND and (t.startswith(stem) or t.endswith(stem)))
        for t in term_stems
    )


@functools.cache
def _fuzzy_index(terms: tuple[Term, ...]) -> tuple[list[str], list[Term]]:
    pairs = [(compact(s), t) for t in terms for s in spellings(t) if len(compact(s)) >= 4]
    return [p for p, _ in pairs], [t for _, t in pairs]


@functools.cache
def _stem_index(terms: tuple[Term, ...]) -> tuple[tuple[Term, frozenset[str]], ...]:
    """Per term, the stems of the words of its spellings (code names and fillers left out)."""
    index = []
    for term in terms:
        words = {
            w
            for spelling in (term.label, term.short, *ALIASES.get(term.code, ()))
            for w in fold(spelling).split()
            if w not in _FILLER
        }
        # The words themselves too: the stemmer cuts some compounds oddly («driftsenhed» ->
        # «driftsen»), and «enhed» must still be found inside the word.
        index.append((term, frozenset(words | {_STEMMER.stemWord(w) for w in words})))
    return tuple(index)


def by_code(terms: tuple[Term, ...]) -> dict[str, Term]:
    return {term.code: term for term in terms}


def label_of(terms: tuple[Term, ...], code: str | None) -> str:
    """Danish label for a code; the code itself when unknown, so nothing disappears from view."""
    if code is None:
        return ""
    term = by_code(terms).get(code) or (OTHER_SERVICE_AREA if code == "other" else None)
    return term.label if term else code


def short_of(terms: tuple[Term, ...], code: str | None) -> str:
    if code is None:
        return ""
    term = by_code(terms).get(code) or (OTHER_SERVICE_AREA if code == "other" else None)
    return term.short if term else code


# --- Screening rounds and the round plan (screening/rounds/) ------------------------------------


@dataclass(frozen=True)
class Milestone(Term):
    """A step of the mandate's calendar: its phase, and whether each municipality does it."""

    phase: int = 1
    per_municipality: bool = False
    default_owner: str = "projektgruppe"


# The mandate's sequence (kommissoriet 2014), in order; codes are what config/round_plan.toml uses.
MILESTONES: tuple[Milestone, ...] = (
    Milestone(
        "mandate_approved",
        "Kommissorium godkendt",
        "Kommissorium",
        "Koordinationsudvalget godkender kommissoriet.",
        phase=1,
        default_owner="koordinationsudvalg",
    ),
    Milestone(
        "screening_tool",
        "Screeningsværktøj udarbejdet",
        "Screeningsværktøj",
        "Projektgruppen laver skabelonen, kommunerne screener med.",
        phase=1,
    ),
    Milestone(
        "screening",
        "Screening",
        "Screening",
        "Udført, når kommunens udfyldte skabelon er modtaget og godkendt.",
        phase=1,
        per_municipality=True,
    ),
    Milestone(
        "gross_list",
        "Bruttoliste samlet",
        "Bruttoliste",
        "Udført, når alle kommuner har en godkendt skabelon, så bruttolisten er samlet.",
        phase=1,
    ),
    Milestone(
        "directorate_treatment",
        "Behandling i direktionen",
        "Direktion",
        "Udført, når direktionen har prioriteret alle kommunens egne kandidater.",
        phase=1,
        per_municipality=True,
        default_owner="direktion",
    ),
    Milestone(
        "steering_group_informed",
        "Orientering af styregruppen",
        "Styregruppe",
        "Styregruppen orienteres om bruttolisten.",
        phase=1,
        default_owner="styregruppe",
    ),
    Milestone(
        "committee_receives",
        "Bruttoliste forelagt Koordinationsudvalget",
        "Koordinationsudvalg",
        "Udført, når bruttolisten er fastfrosset som forelagt Koordinationsudvalget.",
        phase=1,
        default_owner="koordinationsudvalg",
    ),
    Milestone(
        "political_treatment",
        "Politisk behandling",
        "Politisk behandling",
        "Udført, når kommunens udvalg har truffet beslutning om alle kommunens egne kandidater "
        "på den fastfrosne liste.",
        phase=2,
        per_municipality=True,
        default_owner="politiske_udvalg",
    ),
    Milestone(
        "wishes_coordinated",
        "Kommunernes ønsker koordineret",
        "Ønsker koordineret",
        "Styregruppen samler kommunernes ønsker til én liste til fase 3.",
        phase=2,
        default_owner="styregruppe",
    ),
    Milestone(
        "targeted_analyses",
        "Målrettede analyser",
        "Målrettede analyser",
        "I gang, når mindst én kandidat har to kommuner, der ønsker at gå videre.",
        phase=3,
    ),
)

# Who answers for a milestone (not a login role: a committee or the steering group is an owner).
MILESTONE_OWNERS: tuple[Term, ...] = (
    Term("projektgruppe", "Projektgruppen", "Projektgruppen"),
    Term("direktion", "Kommunens direktion", "Direktion"),
    Term("styregruppe", "Styregruppen", "Styregruppen"),
    Term("koordinationsudvalg", "Koordinationsudvalget", "Koordinationsudvalget"),
    Term("politiske_udvalg", "Kommunens politiske udvalg", "Politiske udvalg"),
)

# A milestone's status, derived from the data where it can be, otherwise from what the project
# group marked and from the dates.
MILESTONE_STATUSES: tuple[Term, ...] = (
    Term("done", "Udført", "Udført"),
    Term("done_late", "Udført efter fristen", "Udført for sent"),
    Term("in_progress", "I gang", "I gang"),
    Term("overdue", "Forsinket", "Forsinket", "Fristen er overskredet, og det er ikke udført."),
    Term("planned", "Planlagt", "Planlagt"),
    Term("not_recorded", "Ikke registreret", "Ikke registreret"),
)

# A candidate of the last round beside this round's list.
ROUND_COMPARISON: tuple[Term, ...] = (
    Term("established_since", "Etableret siden", "Etableret siden"),
    Term("proposed_again", "Foreslået igen", "Foreslået igen"),
    Term("dropped", "Ikke foreslået igen", "Faldet bort"),
    Term("new", "Ny i denne runde", "Ny"),
)

# --- Phase 3: the targeted analysis and the established operation -------------------------------

# A candidate's status in phase 3, in the order a candidate passes through them.
PHASE3_STATUSES: tuple[Term, ...] = (
    Term(
        "analysis_in_progress",
        "Analyse i gang",
        "I analyse",
        "Projektgruppen gør rationalet konkret og regner business casen.",
    ),
    Term(
        "recommended",
        "Anbefalet",
        "Anbefalet",
        "Projektgruppen anbefaler, at driftsfællesskabet etableres.",
    ),
    Term(
        "not_recommended",
        "Ikke anbefalet",
        "Ikke anbefalet",
        "Projektgruppen anbefaler ikke at etablere driftsfællesskabet.",
    ),
    Term(
        "established",
        "Besluttet etableret",
        "Etableret",
        "Kommunerne har besluttet at etablere driftsfællesskabet.",
    ),
    Term("abandoned", "Opgivet", "Opgivet", "Driftsfællesskabet etableres ikke."),
)

# Which status may follow which: a recommendation comes from the analysis, the decision from a
# recommendation (or its rejection); an analysis may be reopened until something is decided.
PHASE3_TRANSITIONS: dict[str | None, tuple[str, ...]] = {
    None: ("analysis_in_progress",),
    "analysis_in_progress": ("recommended", "not_recommended", "abandoned"),
    "recommended": ("established", "abandoned", "analysis_in_progress"),
    "not_recommended": ("abandoned", "analysis_in_progress"),
    "established": (),
    "abandoned": (),
}

# The legal vehicle of a shared operation; the explanation says what each requires.
LEGAL_VEHICLES: tuple[Term, ...] = (
    Term(
        "host_municipality",
        "Aftale med en værtskommune",
        "Værtskommune",
        "Én kommune løser opgaven for de andre efter en skriftlig samarbejdsaftale med "
        "opgaver, serviceniveau, betaling og opsigelse. Kræver beslutning i hver "
        "kommunalbestyrelse; myndighedsudøvelse kan kun overlades, hvor en lov giver hjemmel.",
    ),
    Term(
        "section_60",
        "§ 60-fællesskab",
        "§ 60",
        "Et selvstændigt kommunalt fællesskab efter § 60 i kommunestyrelsesloven med egne "
        "vedtægter, som kommunerne overlader deres beføjelser på området til. Kræver "
        "Ankestyrelsens godkendelse, før fællesskabet kan begynde – medmindre det er lille nok "
        "til § 60 a: så orienterer deltagerne blot Ankestyrelsen.",
    ),
    Term(
        "association",
        "Forening",
        "Forening",
        "Kommunerne danner en forening med vedtægter, bestyrelse og kontingent. Egner sig til "
        "netværk og fælles udvikling; foreningen kan ikke overtage myndighedsudøvelse.",
    ),
    Term(
        "joint_tender",
        "Fælles udbud",
        "Fælles udbud",
        "Kommunerne udbyder sammen efter udbudsloven med en fuldmagt til den udbudsførende "
        "kommune; hver kommune indgår selv kontrakten. Kræver en samarbejdsaftale om "
        "udbudsplan, fordeling af omkostninger og tilslutning til hvert udbud.",
    ),
)

# How the coalition shares the costs and gains of a shared operation.
DISTRIBUTION_KEYS: tuple[Term, ...] = (
    Term(
        "population",
        "Indbyggertal",
        "Indbyggere",
        "Efter kommunernes indbyggertal i config/screening.toml.",
    ),
    Term(
        "cost_base",
        "Udgiftsbase",
        "Udgiftsbase",
        "Efter hver kommunes årlige udgift til opgaven i dag.",
    ),
    Term(
        "usage", "Forbrug", "Forbrug", "Efter det indtastede forbrug (fx brugere, sager, enheder)."
    ),
    Term("equal", "Lige andele", "Lige andele", "Hver kommune bærer og får lige meget."),
)

# Each municipality's own final decision to join an established operation.
JOIN_DECISIONS: tuple[Term, ...] = (
    Term("joins", "Tiltræder", "Tiltræder", "Kommunen går med i driftsfællesskabet."),
    Term("declines", "Tiltræder ikke", "Tiltræder ikke", "Kommunen går ikke med."),
)

# Likelihood and impact of a risk in the analysis.
RISK_LEVELS: tuple[Term, ...] = (
    Term("low", "Lav", "Lav"),
    Term("medium", "Middel", "Middel"),
    Term("high", "Høj", "Høj"),
)

# The pricing types of a service in the catalogue, after the Swedish models for shared services.
PRICING_TYPES: tuple[Term, ...] = (
    Term(
        "A",
        "Type A – vare med påslag",
        "A",
        "En vare eller tjeneste købes ind med lidt forædling og faktureres videre til "
        "kommunen med et fast procentvis påslag.",
    ),
    Term(
        "B",
        "Type B – grundniveau og forbrug",
        "B",
        "Et grundniveau, alle får, plus et tilvalg, der afspejler det forbrug, kommunen selv "
        "vælger; lavere forbrug giver lavere pris.",
    ),
    Term(
        "C",
        "Type C – fordelt efter nøgle",
        "C",
        "Fælles nødvendige ydelser, som kommunen ikke selv kan vurdere eller påvirke (fx teknisk "
        "drift og sikkerhed), fordeles efter fordelingsnøglen.",
    ),
    Term(
        "D",
        "Type D – projekt",
        "D",
        "Arbejdet udføres som projekt; pris og indhold aftales for hver opgave, enten som en "
        "samlet pris eller som solgte timer.",
    ),
)

# --- The legal route of a § 60 cooperation and the legal feasibility screen ---------------------

# Kommunestyrelseslovens § 60 a (inserted by the law passed as L 78 2017-18, «Ophævelse af
# godkendelseskravet for små kommunale fællesskaber», in force 1 July 2018): «Aftaler om
# kommunale fællesskaber, jf. § 60, stk. 1, der opfylder kriterierne i revisorlovens § 1 a, stk. 1,
# nr. 4, kræver ikke godkendelse fra Ankestyrelsen» (stk. 1); «Deltagerne orienterer inden for
# rimelig tid Ankestyrelsen om indgåelse, ophævelse og udtræden af aftaler omfattet af stk. 1»
# (stk. 3). Revisorlovens § 1 a, nr. 4 (lovbekendtgørelse nr. 1219 af 31. august 2022): «Små
# virksomheder: Virksomheder, som i 2 på hinanden følgende regnskabsår på balancetidspunktet ikke
# overskrider to af følgende størrelsesgrænser: a) En balancesum på 44 mio. kr., b) en
# nettoomsætning på 89 mio. kr. og c) et gennemsnitligt antal heltidsbeskæftigede i løbet af
# regnskabsåret på 50.» The amounts follow årsregnskabsloven's class B, which was raised in 2024;
# whether revisorloven followed must be checked against the law in force (SMALL_LIMITS_CHECKED).
SMALL_COOPERATION_LIMITS = {"balance_sum": 44_000_000, "turnover": 89_000_000, "fte": 50}
SMALL_LIMITS_CHECKED = "revisorloven, lovbekendtgørelse nr. 1219 af 31. august 2022"

APPROVAL_ROUTES: tuple[Term, ...] = (
    Term(
        "approval",
        "Godkendelse fra Ankestyrelsen (§ 60)",
        "Godkendelse",
        "Et § 60-fællesskab, der ikke er lille efter § 60 a, kræver Ankestyrelsens godkendelse, "
        "før det kan begynde (kommunestyrelseslovens § 60, stk. 1).",
    ),
    Term(
        "notification",
        "Orientering af Ankestyrelsen (§ 60 a)",
        "Orientering",
        "Kommunestyrelseslovens § 60 a (i kraft 1. juli 2018, L 78 2017-18): et fællesskab, der "
        "opfylder kriterierne i revisorlovens § 1 a, stk. 1, nr. 4, kræver ikke godkendelse. "
        "Kriterierne: i 2 på hinanden følgende regnskabsår ikke at overskride to af tre "
        "grænser – en balancesum på 44 mio. kr., en nettoomsætning på 89 mio. kr. og 50 "
        "heltidsbeskæftigede i gennemsnit (revisorloven, lovbekendtgørelse nr. 1219 af 31. "
        "august 2022; beløbene bør tjekkes mod den gældende lov). Aflægger fællesskabet kun "
        "regnskab efter det kommunale budget- og regnskabssystem, er det de samlede "
        "bruttodrifts- og anlægsudgifter, der tæller i stedet for nettoomsætningen "
        "(Ankestyrelsen, «Ikke alle kommunale fællesskaber skal godkendes», 2018). Deltagerne "
        "orienterer inden for rimelig tid Ankestyrelsen om indgåelse, ophævelse og udtræden "
        "(§ 60 a, stk. 3).",
    ),
)

# What a § 60 a cooperation tells Ankestyrelsen about (§ 60 a, stk. 3).
NOTICE_OCCASIONS: tuple[Term, ...] = (
    Term("entry", "Indgåelse", "Indgåelse", "Aftalen om fællesskabet er indgået."),
    Term("withdrawal", "Udtræden", "Udtræden", "En deltager træder ud af fællesskabet."),
    Term("ending", "Ophævelse", "Ophævelse", "Fællesskabet ophæves."),
)

# The legal feasibility screen: the questions that decide whether a candidate can happen at all,
# each answered per candidate by the project group from phase 2 on.
LEGAL_CHECKLIST: tuple[Term, ...] = (
    Term(
        "authority_exercise",
        "Myndighedsudøvelse og hjemmel",
        "Myndighed",
        "Rummer opgaven myndighedsudøvelse, og hvilken lov giver i så fald hjemmel til at "
        "overlade den til en anden kommune?",
    ),
    Term(
        "procurement",
        "Udbud",
        "Udbud",
        "Er det offentligt-offentligt samarbejde eller in-house efter udbudsloven, eller skal "
        "opgaven i udbud?",
    ),
    Term(
        "data_protection",
        "Databeskyttelse",
        "Data",
        "Hvem er dataansvarlig og hvem databehandler, og er databehandleraftalen på plads?",
    ),
    Term(
        "staff",
        "Personale",
        "Personale",
        "Følger medarbejdere med opgaven, så virksomhedsoverdragelsesloven gælder?",
    ),
    Term(
        "approval_route",
        "Godkendelsesvej",
        "Godkendelse",
        "Kræver den valgte form godkendelse (§ 60) eller kun orientering af Ankestyrelsen "
        "(§ 60 a)?",
    ),
    Term(
        "access_to_documents",
        "Aktindsigt",
        "Aktindsigt",
        "Offentlighedsloven gælder for samarbejdet: er det aftalt, hvem der behandler "
        "anmodninger om aktindsigt?",
    ),
)

LEGAL_ANSWERS: tuple[Term, ...] = (
    Term("ok", "Ok", "Ok", "Spørgsmålet er afklaret og står ikke i vejen."),
    Term(
        "open_question",
        "Åbent spørgsmål",
        "Åbent",
        "Spørgsmålet er ikke afklaret endnu.",
    ),
    Term(
        "obstacle",
        "Hindring",
        "Hindring",
        "Spørgsmålet står i vejen: kandidaten kan ikke anbefales eller etableres, før det er løst.",
    ),
)

# A candidate's legal readiness, from its checklist answers.
LEGAL_READINESS: tuple[Term, ...] = (
    Term("no_answers", "Ikke vurderet", "Ikke vurderet", "Ingen spørgsmål er besvaret endnu."),
    Term(
        "open_questions",
        "Åbne spørgsmål",
        "Åbne spørgsmål",
        "Mindst ét spørgsmål er åbent eller ubesvaret, og intet er en hindring.",
    ),
    Term("obstacle", "Hindring", "Hindring", "Mindst ét spørgsmål er en hindring."),
    Term("clear", "Afklaret", "Afklaret", "Alle spørgsmål er besvaret «ok»."),
)
