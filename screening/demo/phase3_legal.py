"""The demo's answers to the legal feasibility screen: every question «ok» for IT operations,
one open question for the joint tender (the hindrance of the population register is written
where it is abandoned, in :mod:`screening.demo.phase3`)."""

from __future__ import annotations

from screening.phase3 import legal_record

LEGAL_OK = {
    "authority_exercise": ("ok", "Ingen myndighedsudøvelse i opgaven.", "Opgavebeskrivelsen"),
    "procurement": ("ok", "Samarbejde mellem ordregivere uden markedsudsættelse.", "Udbudsloven"),
    "data_protection": ("ok", "Hver kommune er dataansvarlig; fællesskabet databehandler.",
                        "Databehandleraftale, udkast"),
    "staff": ("ok", "Medarbejdere overgår med deres vilkår.", "Virksomhedsoverdragelsesloven"),
    "approval_route": ("ok", "Lille fællesskab: orientering efter § 60 a.",
                       "Kommunestyrelseslovens § 60 a"),
    "access_to_documents": ("ok", "Værtskommunens sekretariat behandler aktindsigt.",
                            "Offentlighedsloven"),
}  # fmt: skip
# The joint tender: one open question, and no approval route (a tender needs none).
OPEN_PROCUREMENT = {
    "procurement": (
        "open_question",
        "Er de fælles indkøb in-house, eller skal hvert udbud i EU-udbud? Afventer juristerne.",
        "Udbudsloven",
    ),
    "approval_route": (
        "ok",
        "Et fælles udbud kræver ingen godkendelse, kun en samarbejdsaftale.",
        "Udbudsloven",
    ),
}


def answer_all(engine, project_group, candidate, answers) -> None:
    for item, (answer, note, source) in answers.items():
        legal_record.record_legal_answer(
            engine, project_group, candidate, item, answer, note=note, source=source
        )
