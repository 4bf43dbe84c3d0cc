"""Phases 1–2 as pages show them: where each candidate stands, the directorates' priorities, frozen
lists.
"""
