"""What every page shares: cached reads of the published copy and the decision store, formatting,
safe text, downloads, the form-saving helper.
"""
