"""The demo cycle for the sample round: decisions, round-plan marks and phase 3 written through
the stages' own write functions. The one package that may import every stage."""
