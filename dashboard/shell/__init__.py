"""The dashboard's frame: navigation, audiences and their homes, who the user is, the reader's
language, page style.
"""
