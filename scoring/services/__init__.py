"""Everything that changes a scorecard, one module per concept: the scorecard and its totals,
self-scoring, the workflow, the review, the remediation plan.

Views and importers call these functions and nothing else writes scoring models, so the rules
(who may, in which state, within which limits) hold everywhere, including the Excel import.
The names are re-exported here: `from scoring.services import transition`.
"""

from .plan import (
    plan_conflict,  # noqa: F401
    plan_save,  # noqa: F401
)
from .review import (
    criterion_notes_save,  # noqa: F401
    deductions_by_criterion,  # noqa: F401
    ineligible_save,  # noqa: F401
    review_notes_save,  # noqa: F401
    review_save,  # noqa: F401
)
from .scorecard import (
    BonusTotals,  # noqa: F401
    CriterionTotals,  # noqa: F401
    Totals,  # noqa: F401
    classify,  # noqa: F401
    compute_totals,  # noqa: F401
    notes_conflict,  # noqa: F401
    printed_bonus,  # noqa: F401
    score_conflict,  # noqa: F401
    scorecard_for_round,  # noqa: F401
    store_totals,  # noqa: F401
)
from .selfscore import (
    PLAIN_NUMBER,  # noqa: F401
    SelfRow,  # noqa: F401
    needs_explanation,  # noqa: F401
    parse_points,  # noqa: F401
    row_error,  # noqa: F401
    self_points_errors,  # noqa: F401
    self_row_errors,  # noqa: F401
    self_score_save,  # noqa: F401
    submit_problems,  # noqa: F401
)
from .workflow import (
    ACTIONS,  # noqa: F401
    Action,  # noqa: F401
    accepted_items,  # noqa: F401
    available_actions,  # noqa: F401
    transition,  # noqa: F401
)
