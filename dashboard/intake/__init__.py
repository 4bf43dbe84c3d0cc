"""Received files as the project group sees them: the upload check, what a file changes, data
quality and findings.
"""
