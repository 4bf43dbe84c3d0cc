"""Screening rounds over the years and the running round's plan.

A round (``Screening 2014``, ``Screeningsrunde 2026``) groups its templates, gross lists, frozen
lists and decisions. The running round is the one in ``config/screening.toml``: its templates
are the templates folder, its gross list the published one, its frozen lists the snapshots with
its ``round_id``, its decisions those recorded since its plan began. An earlier round is a folder
under ``data/rounds/`` (see :mod:`screening.rounds.archive`). Nothing of an earlier round is
carried into this one; :mod:`screening.rounds.comparison` shows it beside.
"""
