"""Reads about evidence that other pages show (home, grid), in a fixed number of queries."""

from django.db.models import Max

from .models import EvidenceFile, ItemReview, ItemStatus, item_status


def item_statuses(assignment_ids: list[int]) -> dict[int, ItemStatus]:
    """Evidence status of each assignment, in two queries whatever their number."""
    last_uploads = dict(
        EvidenceFile.objects.filter(
            record__assignments__in=assignment_ids,
            record__deleted_at__isnull=True,
            replaced_by__isnull=True,
        )
        .values_list("record__assignments")
        .annotate(last=Max("uploaded_at"))
        .order_by()
    )
    reviews = {r.assignment_id: r for r in ItemReview.objects.filter(assignment__in=assignment_ids)}
    return {
        pk: item_status(pk in last_uploads, last_uploads.get(pk), reviews.get(pk))
        for pk in assignment_ids
    }


def review_comments(assignment_ids: list[int]) -> dict[int, str]:
    """The compiler's "cần bổ sung" comments, for the officers' task list."""
    return dict(
        ItemReview.objects.filter(assignment__in=assignment_ids, status="needs_more").values_list(
            "assignment", "comment"
        )
    )
