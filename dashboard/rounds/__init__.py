"""The round plan and earlier rounds as pages show them: timeline, plan table, the committee's
overview.
"""
