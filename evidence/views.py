from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, Q
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from criteria.models import AssessmentRound
from dvcq.files import stored_file_response
from dvcq.http import ZIP, posted_ids, safe_next
from dvcq.locking import Conflict
from dvcq.org.models import Position
from dvcq.reading.selectors import record_suggestions

from . import services
from .binder import binder_filename, build_binder
from .forms import OverviewFilterForm, RecordForm, ReviewForm
from .jobs import binder_job_start
from .models import (
    EvidenceFile,
    EvidenceRecord,
    ItemReview,
    ItemStatus,
    Notification,
    item_status,
)
from .permissions import (
    get_assignment_for_user,
    get_file_for_user,
    get_record_for_user,
    may_change_record,
    may_compile,
    may_file_for,
)
from .selectors import item_statuses
from .validation import ALLOWED_EXTENSIONS, RefusedFile

# Words of the upload script, translated here so the script itself holds no UI text.
# Long lists come a page at a time: an item can gather thousands of records over the years.
RECORDS_PER_PAGE = 50
NOTIFICATIONS_PER_PAGE = 50

UPLOAD_TEXTS = {
    "waiting": gettext_lazy("Chờ tải lên"),
    "done": gettext_lazy("Đã lưu"),
    "failed": gettext_lazy("Lỗi"),
    "retry": gettext_lazy("Thử lại"),
    "remove": gettext_lazy("Bỏ"),
    "reload": gettext_lazy("Xem kết quả"),
    "network": gettext_lazy("Mất kết nối; bấm Thử lại."),
    "nofile": gettext_lazy("Chưa chọn tệp nào."),
    "sending": gettext_lazy("Đang tải lên…"),
    # {percent}, {sent} and {total} are filled in by the script as the bytes leave.
    "progress": gettext_lazy("Đang tải lên {percent}% ({sent} / {total})"),
    "processing": gettext_lazy("Đã gửi xong, đang lưu…"),
    "session": gettext_lazy(
        "Phiên đăng nhập đã hết nên chưa lưu. Mở trang đăng nhập ở thẻ khác, đăng nhập lại rồi bấm Thử lại."
    ),
    "network_form": gettext_lazy("Mất kết nối; kiểm tra mạng rồi bấm Nộp lần nữa."),
    "bad_type": gettext_lazy("“%s”: loại tệp này không được nhận."),
    "too_big": gettext_lazy("“%s”: tệp vượt dung lượng cho phép."),
}


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An item's evidence: records and files, status, review; the place to file more."""
    return _item_page(request, get_assignment_for_user(request, pk))


def _item_page(
    request: HttpRequest,
    assignment,
    *,
    record_form: RecordForm | None = None,
    review_form: ReviewForm | None = None,
    files_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The item page; a form refused on its POST comes back bound, its errors beside its fields."""
    files = EvidenceFile.objects.filter(replaced_by__isnull=True).select_related("uploaded_by")
    alive = assignment.evidence_records.alive()
    records = (
        alive.select_related("created_by")
        .prefetch_related(Prefetch("files", queryset=files, to_attr="current_files"))
        .order_by("-issued_on", "-created_at", "-pk")
    )
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    review = ItemReview.objects.filter(assignment=assignment).select_related("reviewed_by").first()
    # Over all the item's records, not only the page shown: the status and the warnings.
    uploads = EvidenceFile.objects.filter(record__in=alive).aggregate(
        last=Max("uploaded_at"), current=Count("pk", filter=Q(replaced_by__isnull=True))
    )
    item_state = item_status(bool(uploads["current"]), uploads["last"], review)
    compiler = may_compile(request.user, assignment.round.unit_id)
    year = assignment.round.year
    if review_form is None:
        review_form = ReviewForm(
            initial={"status": review.status, "comment": review.comment} if review else None
        )
    return render(
        request,
        "evidence/item_detail.html",
        {
            "assignment": assignment,
            "records": page,
            "page": page,
            "status": item_state,
            "review": review,
            "may_file": may_file_for(request.user, assignment),
            "is_compiler": compiler,
            "record_form": record_form or RecordForm(),
            "files_error": files_error,
            "review_form": review_form,
            # A refused verdict keeps the token of the page it came from (a stale page stays stale)
            "review_token": (review_form.is_bound and request.POST.get("token"))
            or services.review_token(review),
            "deleted": assignment.evidence_records.filter(deleted_at__isnull=False)
            if compiler
            else [],
            "accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS),
            "out_of_year": alive.filter(issued_on__isnull=False)
            .exclude(issued_on__year=year)
            .only("number", "summary", "issued_on"),
            "upload_texts": UPLOAD_TEXTS,
            "max_file_mb": settings.EVIDENCE_MAX_FILE_BYTES // (1024 * 1024),
            "max_file_bytes": settings.EVIDENCE_MAX_FILE_BYTES,
            "allowed": ",".join(ALLOWED_EXTENSIONS),
        },
        status=status,
    )


@require_POST
def record_create(request: HttpRequest, pk: int) -> HttpResponse:
    """File a record with its files (several, each judged on its own). The record is stored
    with its first accepted file: if every file is refused, nothing is stored.

    The page's script first asks here whether the record's fields are valid (JSON), then sends
    the files one by one to `record_file`, which stores the record with the first file."""
    assignment = get_assignment_for_user(request, pk)
    if not may_file_for(request.user, assignment):
        raise PermissionDenied
    form = RecordForm(request.POST)
    if request.headers.get("Accept") == "application/json":
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        return JsonResponse({"upload_url": reverse("evidence:record_file", args=[pk])})
    uploads = request.FILES.getlist("files")
    if not form.is_valid():
        if uploads:  # a browser never sends a chosen file back
            messages.error(request, _("Sửa các ô báo lỗi rồi chọn lại tệp."))
        return _item_page(request, assignment, record_form=form, status=400)
    if not uploads:
        return _item_page(
            request,
            assignment,
            record_form=form,
            files_error=_("Chọn ít nhất một tệp cho tài liệu minh chứng."),
            status=400,
        )
    outcome = services.record_file_all(
        assignment=assignment, user=request.user, fields=form.cleaned_data, uploads=uploads
    )
    for refusal in outcome.refused:
        messages.error(request, refusal)
    for name, filed in outcome.filed:
        messages.success(request, _describe(filed, name))
    if outcome.record is None:
        return _item_page(
            request,
            assignment,
            record_form=form,
            files_error=_("Không tệp nào được nhận nên tài liệu chưa được lưu; chọn tệp khác."),
            status=400,
        )
    return redirect("evidence:item", pk=pk)


@require_POST
def record_file(request: HttpRequest, pk: int) -> JsonResponse:
    """The script's first accepted file of a new record: the record's fields come with each
    file until one is accepted; the answer then names the record's own upload URL."""
    assignment = get_assignment_for_user(request, pk)
    if not may_file_for(request.user, assignment):
        raise PermissionDenied
    form = RecordForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    uploads = request.FILES.getlist("file")
    if len(uploads) != 1:
        return JsonResponse({"error": _("Gửi từng tệp một.")}, status=400)
    try:
        filed = services.record_file(
            assignment=assignment, user=request.user, fields=form.cleaned_data, upload=uploads[0]
        )
    except RefusedFile as refusal:
        return JsonResponse({"error": str(refusal)}, status=400)
    record = filed.file.record
    message = _describe(filed, uploads[0].name)
    # Also for the page the script then opens, as the form's own post would show it.
    messages.success(request, message)
    return JsonResponse(
        {
            "message": message,
            "file": filed.file.pk,
            "record": record.pk,
            "upload_url": reverse("evidence:file_upload", args=[record.pk]),
        }
    )


def _take_files(request: HttpRequest, record: EvidenceRecord, uploads) -> None:
    for upload in uploads:
        try:
            filed = services.file_add(record=record, upload=upload, user=request.user)
        except RefusedFile as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _describe(filed, upload.name))


def _describe(filed: services.Filed, name: str) -> str:
    if filed.linked_record is not None:
        return _(
            "Đã lưu “%(name)s” (tệp giống hệt đã có trong tài liệu “%(record)s” nên dùng lại bản đã lưu, không lưu thêm)."
        ) % {"name": name, "record": filed.linked_record}
    return _("Đã lưu “%(name)s”.") % {"name": name}


@require_POST
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """One file (the page's script sends them one by one, so each can be retried alone)."""
    record = get_record_for_user(request, pk)
    if record.deleted_at or not may_change_record(request.user, record):
        raise PermissionDenied
    uploads = request.FILES.getlist("files") or request.FILES.getlist("file")
    if request.headers.get("Accept") != "application/json":
        _take_files(request, record, uploads)
        return redirect(safe_next(request, reverse("evidence:record", args=[pk])))
    if len(uploads) != 1:
        return JsonResponse({"error": _("Gửi từng tệp một.")}, status=400)
    try:
        filed = services.file_add(record=record, upload=uploads[0], user=request.user)
    except RefusedFile as refusal:
        return JsonResponse({"error": str(refusal)}, status=400)
    message = _describe(filed, uploads[0].name)
    messages.success(request, message)
    return JsonResponse({"message": message, "file": filed.file.pk})


def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_page(request, get_record_for_user(request, pk))


def _record_page(
    request: HttpRequest, record: EvidenceRecord, edit_form: RecordForm | None = None
) -> HttpResponse:
    files = list(
        record.files.select_related("uploaded_by", "replaced_by", "reading").order_by(
            "-uploaded_at"
        )
    )
    return render(
        request,
        "evidence/record_detail.html",
        {
            "record": record,
            "files": files,
            "suggestions": record_suggestions(record, files, request.user),
            "assignments": record.assignments.select_related("item__criterion"),
            "may_change": not record.deleted_at and may_change_record(request.user, record),
            "is_compiler": may_compile(request.user, record.round.unit_id),
            "history": record.history.select_related("history_user").order_by("-history_date")[:20],
            "edit_form": edit_form or RecordForm(instance=record),
            "other_items": record.round.assignments.exclude(evidence_records=record).select_related(
                "item__criterion"
            ),
            "accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS),
        },
        status=400 if edit_form is not None else 200,
    )


def file_download(request: HttpRequest, pk: int) -> FileResponse:
    """Only through here, after the permission check; streamed from storage."""
    evidence = get_file_for_user(request, pk)
    return stored_file_response(
        evidence.file.open("rb"),
        filename=evidence.original_name,
        content_type=evidence.content_type,
        inline=request.GET.get("inline") == "1" and evidence.previewable,
    )


@require_POST
def file_replace(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_file_for_user(request, pk)
    record = evidence.record
    if record.deleted_at or not may_change_record(request.user, record):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Chưa chọn tệp thay thế."))
    else:
        try:
            services.file_replace(old=evidence, upload=upload, user=request.user)
        except (RefusedFile, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                _("Đã thay “%(old)s” bằng “%(new)s”; bản cũ vẫn được giữ.")
                % {"old": evidence.original_name, "new": upload.name},
            )
    return redirect("evidence:record", pk=record.pk)


@require_POST
def record_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request, pk)
    if not may_change_record(request.user, record):
        raise PermissionDenied
    services.record_delete(record=record, user=request.user)
    messages.success(
        request, _("Đã xóa tài liệu “%(record)s”. Văn phòng có thể khôi phục.") % {"record": record}
    )
    first = record.assignments.first()
    return redirect("evidence:item", pk=first.pk) if first else redirect("home")


@require_POST
def record_restore(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request, pk)
    if not may_compile(request.user, record.round.unit_id):
        raise PermissionDenied
    services.record_restore(record=record)
    messages.success(request, _("Đã khôi phục tài liệu “%(record)s”.") % {"record": record})
    return redirect("evidence:record", pk=pk)


@require_POST
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_user(request, pk)
    if not may_compile(request.user, assignment.round.unit_id):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    has_files = EvidenceFile.objects.filter(
        record__assignments=assignment, record__deleted_at__isnull=True
    ).exists()
    if form.is_valid() and form.cleaned_data["status"] == "accepted" and not has_files:
        form.add_error(
            "status", _("Nội dung này chưa có minh chứng nào nên chưa thể đánh giá đạt.")
        )
    if form.is_valid():
        try:
            services.review_set(
                assignment=assignment,
                user=request.user,
                token=request.POST.get("token"),
                **form.cleaned_data,
            )
        except Conflict as conflict:
            messages.error(request, str(conflict))  # the item page shows the newer verdict
        else:
            messages.success(request, _("Đã ghi kết quả xem xét minh chứng."))
        return redirect("evidence:item", pk=pk)
    return _item_page(request, assignment, review_form=form, status=400)


def round_overview(request: HttpRequest, pk: int) -> HttpResponse:
    """The compiler's view of a round's evidence: counts and status per item, with filters."""
    assessment_round = get_object_or_404(
        AssessmentRound.objects.for_user(request.user).select_related("unit", "framework"), pk=pk
    )
    assignments = list(
        assessment_round.assignments.select_related("item__criterion")
        .prefetch_related("lead_positions", "cooperating_positions")
        .with_evidence_state(timezone.localdate())
        .annotate(
            record_count=Count(
                "evidence_records", filter=Q(evidence_records__deleted_at__isnull=True)
            )
        )
        # Meta.ordering is dropped in GROUP BY queries: order explicitly.
        .order_by("item__criterion__number", "item__number")
    )
    statuses = item_statuses([a.pk for a in assignments])
    rows = [{"a": a, "status": statuses[a.pk], "overdue": a.is_overdue} for a in assignments]
    chosen = OverviewFilterForm(request.GET).filters()
    if chosen["criterion"]:
        rows = [r for r in rows if r["a"].item.criterion.number == chosen["criterion"]]
    if chosen["position"]:
        wanted = chosen["position"]
        rows = [
            r
            for r in rows
            if wanted
            in {p.pk for p in r["a"].lead_positions.all()}
            | {p.pk for p in r["a"].cooperating_positions.all()}
        ]
    if chosen["status"]:
        rows = [r for r in rows if r["status"] == chosen["status"]]
    if chosen["overdue"]:
        rows = [r for r in rows if r["overdue"]]
    return render(
        request,
        "evidence/round_overview.html",
        {
            "round": assessment_round,
            "rows": rows,
            "chosen": chosen,
            "criteria": sorted({a.item.criterion.number for a in assignments}),
            "positions": Position.objects.filter(unit=assessment_round.unit_id, is_active=True),
            "statuses": ItemStatus.choices,
            "counts": {
                value: sum(1 for s in statuses.values() if s == value)
                for value in ItemStatus.values
            },
        },
    )


def round_binder(request: HttpRequest, pk: int) -> FileResponse:
    assessment_round = get_object_or_404(
        AssessmentRound.objects.for_user(request.user).select_related("unit", "framework"), pk=pk
    )
    return FileResponse(
        build_binder(assessment_round),
        as_attachment=True,
        filename=binder_filename(assessment_round),
        content_type=ZIP,
    )


@require_POST
def round_binder_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The binder built by a background job: a round's files can take minutes to zip."""
    assessment_round = get_object_or_404(
        AssessmentRound.objects.for_user(request.user).select_related("unit", "framework"), pk=pk
    )
    job = binder_job_start(user=request.user, assessment_round=assessment_round)
    return redirect("jobs:detail", job.pk)


def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's reminders; opening the list marks them read."""
    notifications = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    list(page)  # shown as they were before this visit marks them read
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(request, "evidence/notifications.html", {"notifications": page, "page": page})


@require_POST
def record_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The compiler attaches a record to more items of its round (no second upload); an officer
    who may change the record, to items they file for (accepting a suggested item)."""
    record = get_record_for_user(request, pk)
    if record.deleted_at or not may_change_record(request.user, record):
        raise PermissionDenied
    ids = posted_ids(request, "assignments")
    chosen = list(
        record.round.assignments.filter(pk__in=ids)
        .select_related("round")
        .prefetch_related("lead_positions", "cooperating_positions")
    )
    if not may_compile(request.user, record.round.unit_id) and not all(
        may_file_for(request.user, a) for a in chosen
    ):
        raise PermissionDenied
    if not chosen:
        messages.error(request, _("Chưa chọn nội dung nào."))
    else:
        services.record_link(record=record, assignments=chosen)
        messages.success(
            request,
            _("Đã dùng tài liệu này làm minh chứng cho %(n)s nội dung.") % {"n": len(chosen)},
        )
    return redirect("evidence:record", pk=pk)


@require_POST
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a record's number, date, issuer or summary (kept in its history)."""
    record = get_record_for_user(request, pk)
    if record.deleted_at or not may_change_record(request.user, record):
        raise PermissionDenied
    form = RecordForm(request.POST, instance=record)
    if not form.is_valid():
        record.refresh_from_db()  # the page shows the record as stored, the form as typed
        return _record_page(request, record, edit_form=form)
    services.record_update(record=record, fields=form.cleaned_data)
    messages.success(request, _("Đã sửa thông tin tài liệu."))
    return redirect("evidence:record", pk=pk)


@require_POST
def record_unlink(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """The compiler takes a record off an item; a record keeps at least one item."""
    record = get_record_for_user(request, pk)
    if record.deleted_at or not may_compile(request.user, record.round.unit_id):
        raise PermissionDenied
    assignment = get_object_or_404(record.assignments, pk=assignment_pk)
    if record.assignments.count() == 1:
        messages.error(
            request, _("Tài liệu chỉ còn là minh chứng cho nội dung này; muốn bỏ thì xóa tài liệu.")
        )
    else:
        record.assignments.remove(assignment)
        messages.success(
            request, _("Đã bỏ tài liệu khỏi nội dung %(code)s.") % {"code": assignment.item.code}
        )
    return redirect("evidence:record", pk=pk)
