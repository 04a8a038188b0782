"""The plain data a report builder produces and every renderer reads.

Nothing here knows about DOCX, HTML or Excel; nothing in a renderer knows about a report kind.
"""

import datetime
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from dvcq import wording
from dvcq.wording import BLANK

Style = Literal["admin", "party"]
# What every renderer prints on a document whose source is not final (see DocumentMeta).
DRAFT_MARK = "DỰ THẢO"
CellValue = str | Decimal | int | date | None


@dataclass
class DocumentMeta:
    """Everything of the official layout that is not the body (Nghị định 30 / Hướng dẫn 36)."""

    style: Style = "admin"
    # Lines of the issuing body, top to bottom: ["ỦY BAN NHÂN DÂN", "XÃ BA THÀNH"]. In the Party
    # style the first line is the superior body (not bold), the last the issuing committee.
    issuing_body: list[str] = field(default_factory=list)
    number: str = ""  # "25" once numbered; empty leaves the dotted space of a draft
    symbol: str = "KH-UBND"  # "KH-UBND" → "Số: 25/KH-UBND"; Party: "KH/ĐU" → "Số 25-KH/ĐU"
    place: str = ""
    date: datetime.date | None = None
    year: int | None = None  # shown in an undated date line: "ngày … tháng … năm 2025"
    doc_type: str = ""  # "KẾ HOẠCH", "BÁO CÁO"; empty for a stand-alone annex
    subject: str = ""
    signer_authority: str = ""  # "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = ""  # "CHỦ TỊCH"
    signer_name: str = ""
    recipients: list[str] = field(default_factory=list)
    show_header: bool = True  # the two-column heading block with number and date
    show_signature: bool = True
    show_recipients: bool = True  # "Nơi nhận" beside the signature; not on an attached sheet
    landscape: bool = False
    margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15)  # top, bottom, left, right
    # Why the document is not final yet (its source not submitted, not published, or with open
    # warnings), one sentence each; empty for a final document. Each report module decides it;
    # every renderer marks a draft DRAFT_MARK: a watermark in the PDF, the page header of the
    # DOCX, the first row of each XLSX sheet.
    draft_reasons: list[str] = field(default_factory=list)

    @property
    def is_draft(self) -> bool:
        return bool(self.draft_reasons)

    @property
    def draft_mark(self) -> str:
        return DRAFT_MARK if self.draft_reasons else ""

    @property
    def number_line(self) -> str:
        # A draft keeps the space where the clerk writes the number by hand (no-break spaces,
        # so HTML does not collapse it).
        number = self.number or BLANK
        if self.style == "party":
            return f"Số {number}-{self.symbol}"
        return f"Số: {number}/{self.symbol}"

    @property
    def date_line(self) -> str:
        return wording.long_day(self.date, place=self.place, year=self.year)


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: "I. MỤC TIÊU", 2: "1. Mục tiêu"


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: Literal["justify", "center", "left", "right"] = "justify"
    indent: bool = True  # first-line indent of body text


@dataclass
class AnnexHeading:
    label: str  # "Phụ lục I"; may be empty
    title: str  # in capitals
    attachment: str  # "(Kèm theo Kế hoạch số …/KH-UBND ngày … của UBND xã)"


@dataclass
class Column:
    title: str
    width_mm: float
    kind: Literal["text", "points", "date", "number"] = "text"
    align: Literal["left", "center", "right", "justify"] = "left"
    xlsx_only: bool = False  # a helper column for spreadsheets, not in the official document
    # Consecutive columns sharing a group get one header cell above their own titles
    # ("Chủ thể" over "Tập thể" and "Cá nhân"); a column without a group spans both header rows.
    group: str = ""


@dataclass
class Row:
    cells: list[CellValue]
    kind: Literal["data", "group", "total"] = "data"  # a group row spans the whole table


@dataclass
class HeaderCell:
    text: str
    row: int  # 0-based header row
    col: int  # 0-based index in the columns the renderer shows
    rowspan: int = 1
    colspan: int = 1
    bold: bool = True


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    sheet_name: str = "Bảng"
    # A row of column numbers under the header, "(1)", "(2)" …; a group shares one number.
    numbered: bool = False

    def doc_columns(self) -> list[int]:
        return [i for i, c in enumerate(self.columns) if not c.xlsx_only]

    def header(self, indices: list[int] | None = None) -> list[HeaderCell]:
        """The header cells of the columns at `indices` (all by default), laid out for
        renderers that merge cells: one row, or two when a column has a group, plus the
        row of column numbers when the table is numbered."""
        columns = [
            self.columns[i] for i in (indices if indices is not None else range(len(self.columns)))
        ]
        two = any(c.group for c in columns)
        cells: list[HeaderCell] = []
        numbers: list[HeaderCell] = []
        col = 0
        while col < len(columns):
            group = columns[col].group
            span = 1
            while group and col + span < len(columns) and columns[col + span].group == group:
                span += 1
            if group:
                cells.append(HeaderCell(group, 0, col, colspan=span))
                cells += [HeaderCell(columns[col + k].title, 1, col + k) for k in range(span)]
            else:
                cells.append(HeaderCell(columns[col].title, 0, col, rowspan=2 if two else 1))
            numbers.append(
                HeaderCell(f"({len(numbers) + 1})", 2 if two else 1, col, colspan=span, bold=False)
            )
            col += span
        return cells + numbers if self.numbered else cells

    def header_height(self, indices: list[int] | None = None) -> int:
        cells = self.header(indices)
        return max(c.row + c.rowspan for c in cells) if cells else 0


@dataclass
class SectionBreak:
    landscape: bool


Block = Heading | Paragraph | AnnexHeading | Table | SectionBreak


@dataclass
class Report:
    kind: str
    meta: DocumentMeta
    blocks: list[Block]
    filename_stem: str  # "phu-luc-phan-cong-2025-ba-thanh"

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


# Many report builders and templates call it by this name; it is `wording.points`.
format_points = wording.points


def format_cell(value: CellValue, kind: str) -> str:
    if value is None:
        return ""
    if kind == "points" and isinstance(value, Decimal | int | float):
        return wording.points(value)
    if isinstance(value, date):
        return wording.day(value)
    return str(value)
