"""The gross list as pages show it: filtering and tables, charts, other weights, pairwise
comparison, value against effort.
"""
