"""Phase 3 and after: the targeted analysis of a candidate, its business case and distribution
key, the legal vehicle, the status from analysis to an established operation (or not), the
established operation's service agreement and the follow-up of its realised gains.

Everything is recorded as events in the decision log (:mod:`screening.decisions.store`), with
the same rights, versions and audit trail as phases 1 and 2.
"""
