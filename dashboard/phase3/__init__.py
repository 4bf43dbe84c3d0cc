"""Phase 3 and follow-up as pages show them: tables, charts and the forms."""
