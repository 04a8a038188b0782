"""The assignment annex in and out: Word/Excel upload → preview → apply; XLSX export."""

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from dvcq import wording
from dvcq.documents.archive_guard import check_office_archive, docx_table_rows, sheet_rows
from dvcq.org.models import Position
from dvcq.sheets import CellReader, SheetProblems

from .annex_parser import ParsedAnnex, parse_annex_rows
from .models import AssessmentRound, Assignment, GridWarning
from .positions import NameIndex, match_assignees
from .services import assignments_record_history

MAX_ANNEX_BYTES = 10 * 1024 * 1024
# An annex is some 50 rows; reading stops well before the guard's general limit, since the
# annex parser spends a millisecond or two a row.
MAX_ANNEX_ROWS = 1000


def read_annex_upload(upload) -> ParsedAnnex:
    """The annex table of a Word or Excel file, or SheetProblems naming the file and reason."""
    name = getattr(upload, "name", "tệp")
    if upload.size == 0:
        raise SheetProblems(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if upload.size > MAX_ANNEX_BYTES:
        raise SheetProblems(_("Tệp “%(name)s” lớn hơn 10 MB.") % {"name": name})
    head = upload.read(4)
    upload.seek(0)
    not_office = SheetProblems(
        _("Tệp “%(name)s” không phải tệp Word (.docx) hoặc Excel (.xlsx).") % {"name": name}
    )
    if head != b"PK\x03\x04":
        raise not_office
    try:
        check_office_archive(upload, name=name, max_rows=MAX_ANNEX_ROWS)
    except ValidationError as error:
        raise SheetProblems(" ".join(error.messages)) from None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise not_office from None
    upload.seek(0)
    if "word/document.xml" in names:
        rows = _rows_from_docx(upload, name)
    elif "xl/workbook.xml" in names:
        rows = _rows_from_xlsx(upload, name)
    else:
        raise not_office
    parsed = parse_annex_rows(rows)
    if not parsed.rows:
        raise SheetProblems(
            _(
                "Không tìm thấy bảng phân công trong tệp “%(name)s”: cần các cột TT | Nội dung tiêu chí "
                "| Cơ quan… được giao | Nội dung cần thực hiện và các dòng “Tiêu chí …”, “Nội dung …”."
            )
            % {"name": name}
        )
    return parsed


def _rows_from_docx(upload, name) -> list[list[str]]:
    from docx import Document

    try:
        document = Document(upload)
    except Exception:  # python-docx raises several kinds for a damaged package
        raise SheetProblems(_("Không đọc được tệp Word “%(name)s”.") % {"name": name}) from None
    try:
        return list(docx_table_rows(document, name=name, max_rows=MAX_ANNEX_ROWS))
    except ValidationError as error:
        raise SheetProblems(" ".join(error.messages)) from None


def _rows_from_xlsx(upload, name) -> list[list[str]]:
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises several kinds for a damaged package
        raise SheetProblems(_("Không đọc được tệp Excel “%(name)s”.") % {"name": name}) from None
    try:
        return [
            [CellReader.text(value) for value in row]
            for row in sheet_rows(book.worksheets[0], name=name, max_rows=MAX_ANNEX_ROWS)
        ]
    except ValidationError as error:
        raise SheetProblems(" ".join(error.messages)) from None
    finally:
        book.close()


@dataclass
class PreviewRow:
    criterion: int
    number: int
    assignees: str
    action: str
    deadline: date | None
    cooperating: str = ""
    text: str = ""
    source_row: int = 0
    lead_names: list[str] = field(default_factory=list)
    cooperating_names: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # saved as "đơn vị khác được giao"
    unmatched: list[str] = field(default_factory=list)  # of `others`, those a position could be
    warnings: list[str] = field(default_factory=list)
    assignment_id: int | None = None

    @property
    def code(self) -> str:
        return f"{self.criterion}.{self.number}"


@dataclass
class AnnexPreview:
    rows: list[PreviewRow]
    problems: list[str]
    missing_positions: list[str]

    @property
    def to_check(self) -> int:
        """Rows a person should look at before confirming."""
        return sum(1 for r in self.rows if r.warnings or not r.assignment_id)

    @property
    def applied(self) -> int:
        return sum(1 for r in self.rows if r.assignment_id)

    def as_session(self) -> list[dict]:
        return [
            {
                "criterion": r.criterion,
                "number": r.number,
                "assignees": r.assignees,
                "action": r.action,
                "deadline": r.deadline.isoformat() if r.deadline else None,
                "cooperating": r.cooperating,
            }
            for r in self.rows
            if r.assignment_id
        ]


def grid_versions(assessment_round: AssessmentRound) -> dict[str, int]:
    """Row versions of a grid, to tell whether it changed between preview and confirm."""
    return {str(pk): v for pk, v in assessment_round.assignments.values_list("pk", "version")}


def annex_preview(*, assessment_round: AssessmentRound, parsed: ParsedAnnex) -> AnnexPreview:
    """What applying the annex would do, with a warning for everything a person should check."""
    assignments = {
        (a.item.criterion.number, a.item.number): a
        for a in assessment_round.assignments.select_related("item__criterion")
    }
    index = NameIndex(Position.objects.filter(unit=assessment_round.unit, is_active=True))
    problems = list(parsed.problems)
    rows, missing = [], []
    for source in parsed.rows:
        row = PreviewRow(
            source.criterion,
            source.number,
            source.assignees,
            source.action,
            source.deadline,
            source.cooperating,
            text=source.text,
            source_row=source.source_row,
            warnings=list(source.warnings),
        )
        assignment = assignments.get((source.criterion, source.number))
        if assignment is None:
            row.warnings.insert(
                0,
                _(
                    "Khung tiêu chí năm %(year)s không có Nội dung %(code)s; dòng này không được nhập"
                )
                % {"year": assessment_round.year, "code": row.code},
            )
        else:
            row.assignment_id = assignment.pk
        match = match_assignees(source.assignees, index, source.cooperating)
        row.lead_names = [p.name for p in match.positions]
        row.cooperating_names = [p.name for p in match.cooperating]
        row.others = match.others
        row.unmatched = match.unmatched
        missing += [m for m in match.unmatched if m not in missing]
        if not (match.positions or match.cooperating or match.others):
            row.warnings.append(str(GridWarning.NO_ASSIGNEE.label))
        if source.deadline is None:
            row.warnings.append(str(GridWarning.NO_DEADLINE.label))
        elif source.deadline.year != assessment_round.year:
            row.warnings.append(
                _("Hạn nộp %(date)s nằm ngoài năm %(year)s")
                % {"date": wording.day(source.deadline), "year": assessment_round.year}
            )
        rows.append(row)
    years = Counter(r.deadline.year for r in rows if r.deadline)
    if years:
        common, count = years.most_common(1)[0]
        if common != assessment_round.year and count * 2 > sum(years.values()):
            problems.insert(
                0,
                _(
                    "Tệp có vẻ là phụ lục năm %(file_year)s: đa số hạn nộp thuộc năm %(file_year)s, không phải năm %(year)s của kỳ đánh giá. Kiểm tra lại tệp trước khi xác nhận."
                )
                % {"file_year": common, "year": assessment_round.year},
            )
    in_file = {(r.criterion, r.number) for r in rows}
    absent = [f"{c}.{n}" for c, n in sorted(set(assignments) - in_file)]
    if absent:
        problems.append(
            ngettext(
                "Tệp không có dòng cho Nội dung %(codes)s; phân công hiện có của nội dung này được giữ nguyên.",
                "Tệp không có dòng cho %(count)s nội dung (%(codes)s); phân công hiện có của các nội dung này được giữ nguyên.",
                len(absent),
            )
            % {"count": len(absent), "codes": ", ".join(absent)}
        )
    return AnnexPreview(rows, problems, missing)


@transaction.atomic
def annex_import_apply(
    *,
    assessment_round: AssessmentRound,
    rows: list[dict],
    create_positions: list[str],
    user=None,
    source_name: str = "",
) -> int:
    """Apply previewed rows to the grid in one transaction; returns the number of rows applied.

    Each row applied is recorded in the assignments' history, naming `user` and the file."""
    unit = assessment_round.unit
    existing = {p.name.lower() for p in unit.positions.all()}
    next_order = (
        unit.positions.order_by("-order").values_list("order", flat=True).first() or 0
    ) + 1
    for name in create_positions:
        if name.lower() in existing:
            continue
        position = Position(unit=unit, name=name[:200], order=next_order)
        position.full_clean()
        position.save()
        existing.add(name.lower())
        next_order += 1
    index = NameIndex(Position.objects.filter(unit=unit, is_active=True))
    assignments = {
        (a.item.criterion.number, a.item.number): a
        for a in Assignment.objects.select_for_update()
        .filter(round=assessment_round)
        .select_related("item__criterion")
    }
    applied, entries = 0, []
    for row in rows:
        assignment = assignments.get((row["criterion"], row["number"]))
        if assignment is None:
            raise ValidationError(_("Dữ liệu xem trước không còn khớp với kỳ đánh giá."))
        # Positions the file names as cooperating (a "Phối hợp" column or label) are not leads.
        match = match_assignees(row["assignees"], index, row.get("cooperating", ""))
        lead, cooperating = match.positions, match.cooperating
        Assignment.objects.filter(pk=assignment.pk).update(
            action=row["action"],
            deadline=date.fromisoformat(row["deadline"]) if row["deadline"] else None,
            assignee_note=", ".join(match.others)[:300],
            version=F("version") + 1,
        )
        assignment.lead_positions.set(lead)
        assignment.cooperating_positions.set(cooperating)
        # The same values, for the history row below.
        assignment.action = row["action"]
        assignment.deadline = date.fromisoformat(row["deadline"]) if row["deadline"] else None
        assignment.assignee_note = ", ".join(match.others)[:300]
        assignment.version += 1
        entries.append((assignment, [p.name for p in lead], [p.name for p in cooperating]))
        applied += 1
    assignments_record_history(
        entries,
        user=user,
        reason=_("Nhập phụ lục từ tệp %(name)s") % {"name": source_name} if source_name else "",
    )
    return applied
