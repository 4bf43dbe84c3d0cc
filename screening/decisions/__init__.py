"""Decisions through the phases: the decision store (an append-only log), users and their
rights, the directors' priorities, the frozen gross list, the political decisions, and the state
derived from them."""
