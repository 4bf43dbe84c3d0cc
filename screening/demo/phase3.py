"""Phase 3 of the demo cycle: three candidates of the phase-3 list carried on, through the same
write functions and as the sample's users.

- IT operations (as the real IT cooperation of Tønder, Aabenraa and Haderslev from 2022): analysed,
  its legal screen answered «ok», recommended, joined by every coalition municipality, and
  established as a small § 60 cooperation (§ 60 a: Ankestyrelsen informed, no approval), with
  each member's baseline frozen, a service agreement after the Swedish models, and two years of
  follow-up against the baseline in which the first year falls short (the migration ran late)
  and the second comes close to what was expected.
- A candidate with authority exercise (the population register in the sample): not
  recommended, because no legal basis for sharing it was found, then dropped («opgivet»).
- Procurement (as Sydjysk Udbudssamarbejde): still in analysis, as a joint tender, with a
  comment from a coalition municipality and one open question in its legal screen (in-house or
  tender); the population register's legal screen has a hindrance (no legal basis).

Figures are split from the candidate's summed cost base and potential on the gross list by
population, the way a project group makes a first estimate before each municipality checks its
own.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import sqlalchemy as sa

from screening.config import ScreeningConfig
from screening.decisions.store import read_events
from screening.decisions.users import User
from screening.demo.phase3_legal import LEGAL_OK, OPEN_PROCUREMENT, answer_all
from screening.phase3 import coalition_record, legal_record, operation_record, record, state
from screening.phase3.business_case import MunicipalityFigures
from screening.phase3.state import Phase3Candidate

START_YEAR = 2028
ANALYSIS_STARTED = "Koordinationsudvalget har sendt kandidaten til målrettet analyse."


def write_phase3_demo(
    engine: sa.Engine, gross_list: pl.DataFrame, users: dict[str, User], config: ScreeningConfig
) -> str:
    """Write the phase-3 part of the demo; returns a Danish line on what was written."""
    candidates = state.phase3_candidates(gross_list, read_events(engine))
    if not candidates:
        return "Ingen kandidater på fase 3-listen; fase 3 er ikke skrevet i demoen."
    areas = dict(gross_list.select("candidate_id", "service_area").iter_rows())
    left = list(candidates)

    def take(wanted) -> Phase3Candidate | None:
        chosen = next((c for c in left if wanted(c)), left[0] if left else None)
        if chosen:
            left.remove(chosen)
        return chosen

    it = take(lambda c: areas.get(c.candidate_id) == "it_digital")
    register = take(lambda c: c.authority_exercise)
    procurement = take(lambda c: areas.get(c.candidate_id) == "procurement")
    project_group = _user(users, config.municipality_names()[0], "projektgruppe")
    totals = {
        row["candidate_id"]: row
        for row in gross_list.select(
            "candidate_id", "municipalities", "cost_base_dkk", "potential_dkk"
        ).to_dicts()
    }
    populations = {m.name: m.population or 1 for m in config.municipalities}
    written = []
    if it:
        _established(engine, it, project_group, users, totals[it.candidate_id], populations)
        written.append(f"«{it.title}» besluttet etableret med serviceaftale og to års opfølgning")
    if register:
        _abandoned(engine, register, project_group, totals[register.candidate_id], populations)
        written.append(f"«{register.title}» opgivet")
    if procurement:
        _in_analysis(
            engine, procurement, project_group, users, totals[procurement.candidate_id], populations
        )
        written.append(f"«{procurement.title}» i analyse")
    return "Fase 3: " + "; ".join(written) + "."


def _user(users: dict[str, User], municipality: str, role: str) -> User:
    for user in users.values():
        if user.municipality == municipality and user.has(role):
            return user
    raise LookupError(f"Brugerfilen har ingen bruger med rollen «{role}» i {municipality}.")


def _estimate(
    candidate: Phase3Candidate,
    totals: dict,
    populations: dict[str, int],
    one_off_years: float,
    usage_per_citizen: float | None = None,
) -> list[MunicipalityFigures]:
    """A first estimate: the gross list's sums split by size, the one-off cost a number of
    years of the gain, a tenth of the gain spent on running the joint operation.

    Size is population to the power 0.8: a smaller municipality spends more per inhabitant on
    the same task (the diseconomy of scale the cooperation is for), so the keys differ."""

    def size(m: str) -> float:
        return populations[m] ** 0.8

    # The gross list's sums are over the municipalities that proposed the task.
    weight = sum(size(m) for m in {*totals["municipalities"], *candidate.coalition})
    cost_base = totals["cost_base_dkk"] or 0.0
    potential = totals["potential_dkk"] or 0.0
    figures = []
    for m in candidate.coalition:
        part = size(m) / weight
        gain = round(potential * part, -4)
        figures.append(
            MunicipalityFigures(
                m,
                baseline_cost=round(cost_base * part, -4),
                expected_gain=gain,
                one_off_cost=round(gain * one_off_years, -4),
                running_cost=round(gain * 0.1, -4),
                # IT users: staff, roughly a share of the population plus a fixed core.
                usage=round(800 + populations[m] * usage_per_citizen)
                if usage_per_citizen
                else None,
                source="Bruttolistens udgiftsbase og potentiale fordelt efter indbyggertal; "
                "engangs- og driftsudgift er projektgruppens skøn.",
            )
        )
    return figures


def _established(engine, candidate, project_group, users, totals, populations) -> None:
    host = "Aabenraa" if "Aabenraa" in candidate.coalition else candidate.coalition[0]
    record.record_status(engine, project_group, candidate, "analyse i gang", ANALYSIS_STARTED)
    record.record_analysis(
        engine,
        project_group,
        candidate,
        rationale="Én fælles driftsorganisation for servere, netværk og backup i stedet for én i "
        "hver kommune: færre serverrum, én vagtordning døgnet rundt og fælles indkøb af "
        "licenser og hardware.",
        advantages=[
            "Mindre sårbarhed: fælles vagt og flere specialister i drift og informationssikkerhed.",
            "Stordrift i indkøb af hardware og licenser.",
            "Ét sikkerhedsniveau for alle kommunerne.",
        ],
        disadvantages=[
            "Mindre lokal råderet over prioriteringer og tidsplaner.",
            "Omstillingen binder nøglemedarbejdere i et til to år.",
            "Kommunerne bliver afhængige af værtskommunens drift.",
        ],
        risks=[
            {
                "risk": "Flytningen af serverne bliver forsinket.",
                "likelihood": "middel",
                "impact": "høj",
                "mitigation": "Én kommune ad gangen, med en prøveflytning først.",
            },
            {
                "risk": "Medarbejdere rejser i overgangen.",
                "likelihood": "middel",
                "impact": "middel",
                "mitigation": "Tidlig information og ansættelse i værtskommunen på samme vilkår.",
            },
            {
                "risk": "Gevinsten på licenser udebliver.",
                "likelihood": "lav",
                "impact": "middel",
                "mitigation": "Licenserne udbydes samlet i udbudssamarbejdet.",
            },
        ],
        legal_vehicle="section_60",
        host_municipality=host,
        distribution_key="usage",
    )
    entered = _estimate(candidate, totals, populations, one_off_years=1.6, usage_per_citizen=0.08)
    record.record_figures(engine, project_group, candidate, entered, usage_unit="IT-brugere")
    answer_all(engine, project_group, candidate, LEGAL_OK)
    record.record_status(
        engine,
        project_group,
        candidate,
        "anbefalet",
        "Business casen er positiv for alle kommuner under alle fordelingsnøgler; "
        "projektgruppen anbefaler en aftale med en værtskommune.",
    )
    for number, municipality in enumerate(candidate.coalition):
        coalition_record.record_join(
            engine,
            _user(users, municipality, "sekretariat"),
            candidate,
            "tiltræder",
            committee="Byrådet",
            meeting_date=date(2027, 6, 14 + number),
            comment="Tiltrådt efter indstilling fra Økonomiudvalget.",
        )
    # Small by the § 60 a criteria (budget for the first two years): no approval, a notice.
    legal_record.record_approval_route(
        engine,
        project_group,
        candidate,
        years=[
            {"year": START_YEAR, "balance_sum": 18e6, "turnover": 61e6, "fte": 38},
            {"year": START_YEAR + 1, "balance_sum": 21e6, "turnover": 58e6, "fte": 36},
        ],
        source="Fællesskabets budget for de to første år, vedtaget af styregruppen.",
    )
    legal_record.record_notice(
        engine,
        project_group,
        candidate,
        "indgåelse",
        sent_on=date(2027, 6, 20),
        reference="Brev til Ankestyrelsen 20.06.2027, j.nr. IT-2027-14",
    )
    record.record_status(
        engine,
        project_group,
        candidate,
        "besluttet etableret",
        f"Alle byråd i koalitionen har tiltrådt; driftsfællesskabet begynder 1. januar "
        f"{START_YEAR} som et § 60 a-fællesskab administreret fra {host}.",
        screening_baselines={
            f.municipality: {"cost_base": f.baseline_cost, "source": f.source} for f in entered
        },
    )
    budget = sum((f.baseline_cost or 0) - (f.expected_gain or 0) for f in entered)
    operation_record.record_service_agreement(
        engine,
        project_group,
        candidate,
        supplier=f"IT-fællesskabet (administreret fra {host} Kommune)",
        start_year=START_YEAR,
        annual_budget=round(budget, -4),
        services=[
            {
                "name": "Drift af servere og lagring",
                "quality": "Oppetid 99,8 % i åbningstiden; fejl af første prioritet løst inden "
                "for 4 timer.",
                "quantity": "Op til 600 virtuelle servere og 400 TB lagring.",
                "pricing_type": "C",
                "price": "Fordeles efter antal IT-brugere (fordelingsnøglen).",
            },
            {
                "name": "Servicedesk",
                "quality": "80 % af opkaldene besvaret inden for 60 sekunder.",
                "quantity": "Hverdage kl. 7–17; vagt uden for åbningstid.",
                "pricing_type": "B",
                "price": "Grundpris pr. bruger og pris pr. henvendelse ud over 6 pr. bruger om "
                "året.",
            },
            {
                "name": "Indkøb af hardware og licenser",
                "quality": "Levering inden 5 arbejdsdage fra lager.",
                "quantity": "Efter bestilling.",
                "pricing_type": "A",
                "price": "Indkøbspris med 3 % påslag.",
            },
            {
                "name": "Projekter, fx nye fagsystemer",
                "quality": "Projektplan godkendt af den bestillende kommune.",
                "quantity": "Efter aftale.",
                "pricing_type": "D",
                "price": "Fast pris pr. opgave eller 850 kr. pr. time.",
            },
        ],
        cost_price="Priserne sættes til selvkost: kun udgifter, der hører til ydelsen, indgår, "
        "så de kan sammenlignes med en ekstern leverandørs.",
        zero_result="Driftsfællesskabet skal gå i nul over en årrække; det tjener ikke penge "
        "på kommunerne.",
        surplus_share=0.8,
        surplus_cap=0.04,
        deficit="Et underskud føres fuldt over til næste år og dækkes efter fordelingsnøglen.",
        notice_months=12,
        exit_terms="En kommune kan udtræde med 12 måneders varsel til udgangen af et "
        "regnskabsår. Den betaler sin andel af de investeringer, der ikke er afskrevet, og har "
        "ikke krav på en del af et overført overskud.",
    )
    members = state.joined(read_events(engine, kinds=state.KINDS), candidate)
    # The first year falls short (the migration ran late), the second comes close.
    first = {0: 0.55, 1: 0.68, 2: 0.61, 3: 0.72}
    second = {0: 0.94, 1: 1.03, 2: 0.88, 3: 0.97}
    gains = {f.municipality: f.net_annual_gain for f in entered}
    baselines = {f.municipality: f.baseline_cost or 0.0 for f in entered}
    for year, ratios, note in (
        (START_YEAR, first, "Flytningen af serverne blev et halvt år forsinket; licensgevinsten "
         "er hentet."),
        (START_YEAR + 1, second, "Fuldt indfaset; én vagtordning har afløst kommunernes egne."),
    ):  # fmt: skip
        for index, municipality in enumerate(members):
            realised = round(gains[municipality] * ratios[index % 4], -4)
            operation_record.record_follow_up(
                engine,
                project_group,
                candidate,
                year=year,
                municipality=municipality,
                realised_gain=realised,
                # Against the frozen baseline: today's cost less what the gain saved.
                realised_cost=round(baselines[municipality] - realised, -4),
                note=note,
            )
    commenter = _user(users, candidate.coalition[-1], "direktion")
    coalition_record.record_comment(
        engine,
        commenter,
        candidate,
        "Vi ønsker en halvårlig status på servicemålene i styregruppen.",
    )


def _abandoned(engine, candidate, project_group, totals, populations) -> None:
    record.record_status(engine, project_group, candidate, "analyse i gang", ANALYSIS_STARTED)
    legal_record.record_legal_answer(
        engine,
        project_group,
        candidate,
        "authority_exercise",
        "obstacle",
        note="Ingen lov giver hjemmel til at overlade registreringen til en anden kommune.",
        source="CPR-loven; projektgruppens juridiske notat",
    )
    record.record_analysis(
        engine,
        project_group,
        candidate,
        rationale="Én kommune registrerer for de andre, så vagtplan og kompetencer samles.",
        advantages=["Mindre sårbarhed ved ferie og sygdom."],
        disadvantages=[
            "Opgaven er myndighedsudøvelse; den kan kun overlades, hvis en lov giver hjemmel.",
            "Borgerne skal stadig kunne møde op i egen kommune.",
        ],
        risks=[
            {
                "risk": "Afgørelser truffet uden hjemmel er ugyldige.",
                "likelihood": "høj",
                "impact": "høj",
                "mitigation": "Afklar hjemmel før etablering.",
            }
        ],
        legal_vehicle="host_municipality",
    )
    record.record_figures(
        engine, project_group, candidate, _estimate(candidate, totals, populations, 2.0)
    )
    record.record_status(
        engine,
        project_group,
        candidate,
        "ikke anbefalet",
        "Projektgruppen har ikke fundet hjemmel til, at én kommune træffer afgørelser for de "
        "andre, og den mulige gevinst er lille.",
    )
    record.record_status(
        engine,
        project_group,
        candidate,
        "opgivet",
        "Styregruppen har besluttet at opgive kandidaten; kommunerne deler i stedet vejledning "
        "og vagtplaner i et netværk.",
    )


def _in_analysis(engine, candidate, project_group, users, totals, populations) -> None:
    record.record_status(engine, project_group, candidate, "analyse i gang", ANALYSIS_STARTED)
    answer_all(engine, project_group, candidate, {**LEGAL_OK, **OPEN_PROCUREMENT})
    record.record_analysis(
        engine,
        project_group,
        candidate,
        rationale="Fælles udbud af varer og tjenesteydelser med en fælles udbudsplan, så "
        "kommunerne får bedre priser og kun skriver hvert udbud én gang.",
        advantages=["Bedre priser ved større mængder.", "Færre udbud at skrive for hver kommune."],
        disadvantages=["Mindre frihed til at vælge egne leverandører."],
        risks=[
            {
                "risk": "Lokale leverandører byder ikke på de større kontrakter.",
                "likelihood": "middel",
                "impact": "middel",
                "mitigation": "Opdel udbuddene i delaftaler.",
            }
        ],
        legal_vehicle="joint_tender",
        distribution_key="cost_base",
    )
    record.record_figures(
        engine, project_group, candidate, _estimate(candidate, totals, populations, 0.5)
    )
    coalition_record.record_comment(
        engine,
        _user(users, candidate.coalition[0], "direktion"),
        candidate,
        "Vi vil gerne have udbuddet af energi med i første bølge.",
    )
