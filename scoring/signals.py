"""Every assessment round has its scorecard from the start, so lists and the dashboard see it.

The one place scorecards are created for real data: the criteria app creates rounds and knows
nothing of scoring, so scoring answers the round's creation with `services.scorecard_for_round`.
Pages and reports only read."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from criteria.models import AssessmentRound


@receiver(post_save, sender=AssessmentRound, dispatch_uid="scoring_round_scorecard")
def round_scorecard(sender, instance: AssessmentRound, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        from .services import scorecard_for_round

        scorecard_for_round(instance)
