"""Reads of the criteria app that the pages share."""

from django.utils.translation import gettext as _

from dvcq.history import Change, Source, changes

from .models import AssessmentRound, Assignment


def grid_changes(assessment_round: AssessmentRound) -> list[Change]:
    """Every recorded change of the round's assignment grid, newest first, in one query:
    grid edits, annex imports (their reason names the file) and the rows the round opened with."""
    return changes(
        [
            Source(
                rows=Assignment.history.filter(round_id=assessment_round.pk).select_related(
                    "history_user", "item__criterion"
                ),
                fields=["lead_names", "cooperating_names", "assignee_note", "action", "deadline"],
                subject=lambda row: _("Nội dung %(code)s") % {"code": row.item.code},
                unrecorded_when_none=frozenset({"lead_names", "cooperating_names"}),
            )
        ]
    )
