"""Who may do what with a scorecard: the one place that decides access in the scoring app.

Reading is `Scorecard.objects.for_user` (the units the user may see); the rules below decide
what may be changed or shown on top of that. Views, the menu, the templates (through the view's
context) and the report registry ask these functions; the services ask them again.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from dvcq.org.models import Role

from .models import Scorecard, Status

# Review figures and the class mean something only once the review is finished.
REVIEW_DONE = (Status.REVIEWED, Status.PUBLISHED)


def may_self_score(user, scorecard: Scorecard) -> bool:
    """The unit's compiler or leader."""
    unit_id = scorecard.round.unit_id
    return user.acts_for(Role.COMPILER, unit_id) or user.acts_for(Role.LEADER, unit_id)


def may_submit(user, scorecard: Scorecard) -> bool:
    return user.acts_for(Role.LEADER, scorecard.round.unit_id)


def may_review(user, scorecard: Scorecard) -> bool:
    """The reviewer of the unit's reviewing level (its parent unit)."""
    return user.acts_for(Role.REVIEWER, scorecard.round.unit.parent_id)


def may_see_review(user, scorecard: Scorecard) -> bool:
    """Review figures: the reviewing level always; the unit once they are published."""
    return scorecard.results_public or may_review(user, scorecard)


def may_act(user, scorecard: Scorecard, action) -> bool:
    """A workflow step (`services.Action`): by the leader, the unit, or the reviewer."""
    if action.who == "leader":
        return may_submit(user, scorecard)
    if action.who == "unit":
        return may_self_score(user, scorecard)
    return may_review(user, scorecard)


def may_read_scorecard(user, scorecard: Scorecard) -> bool:
    """The self-score itself (the unit's report of it): anyone who may see the unit."""
    return Scorecard.objects.for_user(user).filter(pk=scorecard.pk).exists()


def may_edit_plan(user, scorecard: Scorecard) -> bool:
    """The remediation plan: the unit's compiler or leader, once the review is published."""
    return scorecard.status == Status.PUBLISHED and may_self_score(user, scorecard)


def may_read_plan(user, scorecard: Scorecard) -> bool:
    """The plan page: its editors, and the reviewer once the review is finished."""
    return may_edit_plan(user, scorecard) or (
        may_review(user, scorecard) and scorecard.status in REVIEW_DONE
    )


def may_see_results(user, reviewing_unit, scorecards: list[Scorecard]) -> bool:
    """The results table of the units below `reviewing_unit`: its reviewer any time; anyone
    else once every row is published."""
    return user.acts_for(Role.REVIEWER, reviewing_unit.pk) or all(
        s.results_public for s in scorecards
    )


def may_use_dashboard(user) -> bool:
    """The reviewers' overview of the units below them (the menu entry and the page)."""
    return user.is_superuser or user.has_role(Role.REVIEWER)


# --- lookups for views --------------------------------------------------------------------


def get_scorecard_for_user(user, pk: int) -> Scorecard:
    """The scorecard if `user` may read it, else 404 (not even its existence is shown)."""
    return get_object_or_404(
        Scorecard.objects.for_user(user).select_related("round__unit__parent", "round__framework"),
        pk=pk,
    )


def get_plan_scorecard_for_user(user, pk: int) -> Scorecard:
    """Year N's scorecard for its plan page: 404 while the review is not public to `user`,
    403 for another role of the unit (may read the results, not this page)."""
    scorecard = get_scorecard_for_user(user, pk)
    if may_read_plan(user, scorecard):
        return scorecard
    if not may_see_review(user, scorecard):
        raise Http404
    raise PermissionDenied


def require_dashboard(user) -> None:
    if not may_use_dashboard(user):
        raise PermissionDenied
