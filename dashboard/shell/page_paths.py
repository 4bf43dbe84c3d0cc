"""Where each page lives, so pages can link to each other without importing the entry file.

Paths are relative to ``streamlit_app.py``, which is how ``st.page_link`` and ``st.switch_page``
expect them.
"""

from __future__ import annotations

OVERVIEW = "app_pages/overview.py"
GROSS_LIST = "app_pages/gross_list.py"
CANDIDATE = "app_pages/candidate.py"
MATCH_REVIEW = "app_pages/match_review.py"
DATA_QUALITY = "app_pages/data_quality.py"
SUBMIT_TEMPLATE = "app_pages/submit_template.py"
WEIGHTS = "app_pages/weights.py"
SCENARIOS = "app_pages/scenarios.py"
VALUE_EFFORT = "app_pages/value_effort.py"
MUNICIPAL_RANKINGS = "app_pages/municipal_rankings.py"
PRIORITIES = "app_pages/priorities.py"
SNAPSHOTS = "app_pages/snapshots.py"
POLITICAL = "app_pages/political.py"
ROUND_PLAN = "app_pages/round_plan.py"
ROUNDS = "app_pages/rounds.py"
PHASE3_ANALYSES = "app_pages/phase3_analyses.py"
FOLLOW_UP = "app_pages/follow_up.py"

# ``?kandidat=<candidate_id>`` opens the candidate page on that candidate; a link can be shared.
CANDIDATE_PARAM = "kandidat"

# Each audience's home, the login and the page for a login without a role.
HOME_PROJECT_GROUP = "app_pages/home_project_group.py"
HOME_DIRECTOR = "app_pages/home_director.py"
HOME_SECRETARY = "app_pages/home_secretary.py"
HOME_COMMITTEE = "app_pages/home_committee.py"
LOGIN = "app_pages/login.py"
NO_ACCESS = "app_pages/no_access.py"
