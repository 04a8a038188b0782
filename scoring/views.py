"""Scorecard pages. Every scorecard is looked up through `Scorecard.objects.for_user`."""

from django.shortcuts import get_object_or_404, render

from .models import Scorecard


def _scorecard(request, pk: int) -> Scorecard:
    return get_object_or_404(
        Scorecard.objects.for_user(request.user).select_related(
            "round__unit__parent", "round__framework"
        ),
        pk=pk,
    )


def scorecard_list(request):
    scorecards = Scorecard.objects.for_user(request.user).select_related(
        "round__unit", "round__framework"
    )
    return render(request, "scoring/list.html", {"scorecards": scorecards})


def scorecard_detail(request, pk: int):
    scorecard = _scorecard(request, pk)
    return render(request, "scoring/detail.html", {"scorecard": scorecard})
