from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from criteria.models import AssessmentRound
from dvcq.http import posted_ids
from dvcq.ratelimit import rate_limit_hit, rate_limit_minutes_left
from evidence.permissions import get_assignment_for_user, get_record_for_user, may_file_for
from evidence.validation import RefusedFile

from . import search as searching
from . import services
from .forms import SearchForm
from .models import FileReading, StagedReading
from .permissions import get_staged_for_user
from .selectors import suggestions_shown

RESULTS_PER_PAGE = 20
# Reading a scan takes a worker's minutes: a person stages at most this many files an hour.
STAGE_LIMIT = 60
STAGE_PERIOD = 3600


@require_POST
def stage(request: HttpRequest, pk: int) -> JsonResponse:
    """A file dropped on the new-record form of an item: checked as an upload is, kept for
    reading in the background; the page then asks `staged` until the reading is done."""
    assignment = get_assignment_for_user(request, pk)
    if not may_file_for(request.user, assignment):
        raise PermissionDenied
    uploads = request.FILES.getlist("file")
    if len(uploads) != 1:
        return JsonResponse({"error": _("Gửi từng tệp một.")}, status=400)
    if not rate_limit_hit(
        scope="reading-stage", key=str(request.user.pk), limit=STAGE_LIMIT, period=STAGE_PERIOD
    ):
        message = _("Đã gửi nhiều tệp để đọc; thử lại sau %(minutes)s phút.") % {
            "minutes": rate_limit_minutes_left(period=STAGE_PERIOD)
        }
        return JsonResponse({"error": message}, status=429)
    try:
        staged = services.staged_reading_start(
            user=request.user, assignment=assignment, upload=uploads[0]
        )
    except RefusedFile as refusal:
        return JsonResponse({"error": str(refusal)}, status=400)
    staged.refresh_from_db()  # the immediate task backend may have read it already
    return JsonResponse(_staged_json(request, staged), status=201)


@require_GET
def staged(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(_staged_json(request, get_staged_for_user(request, pk)))


@require_POST
def staged_links(request: HttpRequest, pk: int) -> JsonResponse:
    """The suggested items ticked beside the form (linked when the record is saved)."""
    staged_reading = get_staged_for_user(request, pk)
    ids = posted_ids(request, "assignments")
    kept = services.staged_links_set(staged=staged_reading, user=request.user, assignment_ids=ids)
    return JsonResponse({"link_to": kept})


def _staged_json(request: HttpRequest, staged_reading: StagedReading) -> dict:
    shown = suggestions_shown(
        staged_reading.suggestions, staged_reading.round_id, user=request.user
    )
    return {
        "id": staged_reading.pk,
        "status": staged_reading.status,
        "finished": staged_reading.finished,
        "message": staged_reading.status_text(),
        "pages": staged_reading.pages,
        "pages_done": staged_reading.pages_done,
        "ocr": staged_reading.ocr,
        "fields": staged_reading.form_fields() if staged_reading.status == "done" else {},
        "suggestions": [
            {
                "assignment": s["assignment"].pk,
                "code": s["assignment"].item.code,
                "text": s["assignment"].item.text,
                "score": s["score"],
                "words": s["words"],
                "current": s["assignment"].pk == staged_reading.assignment_id,
                "may_link": s["may_accept"],
                "linked": s["assignment"].pk in staged_reading.link_to,
            }
            for s in shown
        ],
        "url": reverse("reading:staged", args=[staged_reading.pk]),
        "links_url": reverse("reading:staged_links", args=[staged_reading.pk]),
    }


@require_GET
def record_readings(request: HttpRequest, pk: int) -> JsonResponse:
    """The reading state of a record's files, for the record page to follow (two queries)."""
    record = get_record_for_user(request, pk)
    readings = FileReading.objects.filter(file__record=record).order_by("pk")
    return JsonResponse(
        {
            "files": [
                {
                    "file": r.file_id,
                    "status": r.status,
                    "finished": r.finished,
                    "message": r.status_text(),
                    "pages": r.pages,
                    "pages_done": r.pages_done,
                }
                for r in readings
            ]
        }
    )


def search(request: HttpRequest) -> HttpResponse:
    """Evidence the person may see that holds the words, number or date asked for."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "page": None, "hits": [], "search_round": None, "query": None}
    if form.is_valid():
        round_id = form.cleaned_data.get("ky")
        if round_id is not None:
            context["search_round"] = (
                AssessmentRound.objects.for_user(request.user)
                .select_related("unit", "framework")
                .filter(pk=round_id)
                .first()
            )
            if context["search_round"] is None:
                round_id = 0  # a round the person does not see: nothing, as for any stranger
        query, records = searching.search(request.user, form.cleaned_data["q"], round_id=round_id)
        page = Paginator(records, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(page=page, query=query, hits=searching.hits(page.object_list, query))
    return render(request, "reading/search.html", context)
