"""Who sees what of the readings. A file's reading follows its file (evidence.permissions); a
staged reading is its sender's alone, in a round they still see (404 for anyone else)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from .models import StagedReading


def get_staged_for_user(request: HttpRequest, pk: int) -> StagedReading:
    return get_object_or_404(
        StagedReading.objects.for_user(request.user).select_related("round__unit", "assignment"),
        pk=pk,
    )
