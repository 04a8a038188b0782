"""The evidence binder: every current file of a round in a ZIP, folders by criterion and item,
with an index sheet and a hashes file. Built in a temporary file, never whole in memory."""

import tempfile
import zipfile
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from criteria.models import AssessmentRound
from dvcq.documents.services import ascii_slug
from dvcq.documents.xlsx_safe import append_row

from .models import EvidenceFile

INDEX_HEADER = [
    "Tiêu chí",
    "Nội dung",
    "Số/ký hiệu",
    "Ngày ban hành",
    "Cơ quan ban hành",
    "Trích yếu",
    "Tệp trong hồ sơ",
    "Dung lượng (byte)",
    "SHA-256",
]


def binder_files(assessment_round: AssessmentRound):
    """(assignment, file) pairs of the round's current files of live records, in item order."""
    files = (
        EvidenceFile.objects.filter(
            record__round=assessment_round,
            record__deleted_at__isnull=True,
            replaced_by__isnull=True,
        )
        .select_related("record")
        .prefetch_related("record__assignments__item__criterion")
    )
    pairs = [(a, f) for f in files for a in f.record.assignments.all()]
    pairs.sort(key=lambda p: (p[0].item.criterion.number, p[0].item.number, p[1].original_name))
    return pairs


def binder_filename(assessment_round: AssessmentRound) -> str:
    return f"ho-so-minh-chung-{assessment_round.year}-{ascii_slug(assessment_round.unit.code)}.zip"


def build_binder(assessment_round: AssessmentRound, *, progress=None):
    """A temporary file holding the ZIP (the caller streams it and it vanishes when closed).
    `progress(done, total, note)`, when given, hears of every file copied."""
    out = tempfile.TemporaryFile()
    book = Workbook()
    sheet = book.active
    sheet.title = "Mục lục"
    append_row(sheet, INDEX_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    hashes = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        pairs = binder_files(assessment_round)
        for done, (assignment, evidence) in enumerate(pairs):
            if progress:
                progress(done, len(pairs), f"{done}/{len(pairs)} tệp")
            item = assignment.item
            folder = f"Tieu-chi-{item.criterion.number:02d}/Noi-dung-{item.criterion.number}.{item.number}"
            stem, _dot, ext = evidence.original_name.rpartition(".")
            name = f"{folder}/{evidence.pk}-{ascii_slug(stem or evidence.original_name)}.{ext or evidence.kind}"
            with evidence.file.open("rb") as source, archive.open(name, "w") as target:
                for chunk in source.chunks():
                    target.write(chunk)
            record = evidence.record
            append_row(
                sheet,
                [
                    item.criterion.number,
                    f"{item.criterion.number}.{item.number}",
                    record.number,
                    record.issued_on,
                    record.issuer,
                    record.summary,
                    name,
                    evidence.size,
                    evidence.sha256,
                ],
            )
            sheet.cell(sheet.max_row, 4).number_format = "DD/MM/YYYY"
            hashes.append(f"{evidence.sha256}  {name}")
        for column, width in zip("ABCDEFGHI", (9, 10, 16, 14, 24, 50, 50, 14, 66), strict=True):
            sheet.column_dimensions[column].width = width
        index = BytesIO()
        book.save(index)
        archive.writestr("Muc-luc.xlsx", index.getvalue())
        archive.writestr("SHA256SUMS.txt", "\n".join(hashes) + "\n")
    out.seek(0)
    return out
