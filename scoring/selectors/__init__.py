"""Reads of the scoring app, each in a fixed number of queries whatever the number of rows, one
module per page: the scorecard (and its history), the remediation plan draft, the reviewers'
dashboard. The names are re-exported here: `from scoring.selectors import item_scores`.
"""

from .dashboard import (
    CLASS_ORDER,  # noqa: F401
    INELIGIBLE,  # noqa: F401
    INELIGIBLE_LABEL,  # noqa: F401
    NO_ROUND,  # noqa: F401
    NO_ROUND_LABEL,  # noqa: F401
    PAGE_SIZE,  # noqa: F401
    POINTS_FIELD,  # noqa: F401
    SORTS,  # noqa: F401
    STATUS_ORDER,  # noqa: F401
    UNCLASSIFIED,  # noqa: F401
    UNCLASSIFIED_LABEL,  # noqa: F401
    Bar,  # noqa: F401
    Dot,  # noqa: F401
    HeatCell,  # noqa: F401
    Row,  # noqa: F401
    TrendPoint,  # noqa: F401
    Years,  # noqa: F401
    annotated_units,  # noqa: F401
    build_rows,  # noqa: F401
    criteria_headers,  # noqa: F401
    criterion_results,  # noqa: F401
    dashboard_years,  # noqa: F401
    filtered_units,  # noqa: F401
    ordered,  # noqa: F401
    scatter,  # noqa: F401
    shown_units,  # noqa: F401
    summaries,  # noqa: F401
    trends,  # noqa: F401
)
from .plan import (
    PLAN_FIELDS,  # noqa: F401
    DeductedItem,  # noqa: F401
    PlanDraft,  # noqa: F401
    lead_names,  # noqa: F401
    lower_first,  # noqa: F401
    next_round_of,  # noqa: F401
    partner_names,  # noqa: F401
    plan_draft,  # noqa: F401
    sentence,  # noqa: F401
    suggested_plan_texts,  # noqa: F401
    suggested_texts,  # noqa: F401
)
from .scorecard import (
    CriterionGroup,  # noqa: F401
    ItemRow,  # noqa: F401
    item_scores,  # noqa: F401
    scorecard_changes,  # noqa: F401
    scorecard_groups,  # noqa: F401
)
