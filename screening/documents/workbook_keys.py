"""Keys a filled decision workbook cannot move: each row's key signed with a keyed hash.

A row's key (candidate id, list id, version) says which decision it is. The sheet lock keeps an
honest user from changing it by mistake, but a lock can be lifted, so each row also carries an
HMAC-SHA256 of its key, the municipality and the phase, in a hidden column. The secret that signs
it (``SCREENING_WORKBOOK_KEY``) never goes into the workbook; the sheet lock's password is
derived from it too. The embedded demo signs with a fixed key, which ``screening doctor`` warns
about: anyone with the source can sign a row with it.
"""

from __future__ import annotations

import hashlib
import hmac
import os

KEY_SETTING = "SCREENING_WORKBOOK_KEY"
# The embedded demo's key: public, so only fit for a demo (screening doctor says so).
DEMO_KEY = "driftsfaellesskaber-demo-projektmappe-noegle"


def signing_key() -> bytes:
    return (os.environ.get(KEY_SETTING) or DEMO_KEY).encode("utf-8")


def uses_demo_key() -> bool:
    return not os.environ.get(KEY_SETTING)


def row_signature(
    municipality: str, phase: int, list_id: str, candidate_id: str, version: int
) -> str:
    """The row's signature: 32 hex characters (128 bits of HMAC-SHA256)."""
    message = "\x1f".join((municipality, str(phase), list_id, candidate_id, str(int(version))))
    return hmac.new(signing_key(), message.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def signature_holds(
    signature: str, municipality: str, phase: int, list_id: str, candidate_id: str, version: int
) -> bool:
    expected = row_signature(municipality, phase, list_id, candidate_id, version)
    return hmac.compare_digest(expected, signature.strip().lower())


def sheet_password() -> str:
    """The sheet lock's password: derived from the signing key, so it is in no file."""
    return hmac.new(signing_key(), b"sheet-protection", hashlib.sha256).hexdigest()[:16]
