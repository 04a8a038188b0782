"""The fields of the decree's header block, read from a document's text.

The text is what extraction or OCR gives: lines top to bottom, a blank line where a block of
text ends (OCR) or where the layout leaves a gap (PDF) or changes (Word). The two columns of
the header may come as separate lines or run together on one line ("ỦY BAN NHÂN DÂN CỘNG HÒA
XÃ HỘI CHỦ NGHĨA VIỆT NAM"), in either order; OCR adds its own noise ("S6: 45/KH - UBND",
"ngảy 05 thắng 02 nằm 2026"). Everything is looked for in the header only, above the title
(or, in a Công văn, above "Kính gửi"), so a number or date quoted in the body ("Kế hoạch số
18/KH-UBND ngày 10/02/2026") is never taken for the document's own.

What comes back, and in which form:
- number: "45/KH-UBND", "12-KH/ĐU", "01/2026/QĐ-UBND", spaces OCR puts round "-" and "/" gone;
- issued_on: the date of the place-date line ("Ba Thành, ngày 12 tháng 3 năm 2026"), only if it
  is a real date;
- issuer: the issuing body as an officer types it (see `typed_issuer`): "UBND xã Ba Thành",
  "Đảng ủy xã Ba Thành", "Sở Nội vụ"; of a two-body header ("UBND TỈNH QUẢNG NGÃI / SỞ NỘI VỤ")
  the lower one, which issued the document;
- kind: "Kế hoạch", "Quyết định" …, from the title in capitals; "Công văn" for a letter, which
  has "V/v …" under its number instead of a title; failing both, from the number's symbol;
- summary: the trích yếu as printed, its lines joined by spaces; for a Công văn the "V/v …"
  text, "V/v" included. Quotation marks are the curly ones official documents print.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .text import capitalize, clean, distance, is_upper_text, unaccent

# The first lines of a document that can hold its header, title and trích yếu.
HEAD_LINES = 70
# The title is among the first lines; the header above it is rarely more than ten.
TITLE_WITHIN = 40
# A Công văn without a title: its header ends by then at the latest.
LETTER_HEADER_LINES = 16
SUMMARY_MAX_LINES = 4
LINE_CHARS = 300
# How far below the title a header line OCR put out of place is looked for.
LOST_LINES = 12

# Titles in capitals and the kind an officer types.
KINDS = {
    "KẾ HOẠCH": "Kế hoạch",
    "BÁO CÁO": "Báo cáo",
    "QUYẾT ĐỊNH": "Quyết định",
    "CÔNG VĂN": "Công văn",
    "THÔNG BÁO": "Thông báo",
    "BIÊN BẢN": "Biên bản",
    "NGHỊ QUYẾT": "Nghị quyết",
    "CHỈ THỊ": "Chỉ thị",
    "HƯỚNG DẪN": "Hướng dẫn",
    "TỜ TRÌNH": "Tờ trình",
    "CHƯƠNG TRÌNH": "Chương trình",
    "KẾT LUẬN": "Kết luận",
    "QUY CHẾ": "Quy chế",
    "QUY ĐỊNH": "Quy định",
    "GIẤY MỜI": "Giấy mời",
    "GIẤY GIỚI THIỆU": "Giấy giới thiệu",
    "THÔNG TRI": "Thông tri",
    "ĐỀ ÁN": "Đề án",
    "PHƯƠNG ÁN": "Phương án",
    "DỰ ÁN": "Dự án",
    "CÔNG ĐIỆN": "Công điện",
    "BẢN GHI NHỚ": "Bản ghi nhớ",
    "BẢN THỎA THUẬN": "Bản thỏa thuận",
    "GIẤY ỦY QUYỀN": "Giấy ủy quyền",
    "HỢP ĐỒNG": "Hợp đồng",
    "PHIẾU GỬI": "Phiếu gửi",
    "PHIẾU CHUYỂN": "Phiếu chuyển",
    "PHIẾU BÁO": "Phiếu báo",
    "KẾ HOẠCH LIÊN TỊCH": "Kế hoạch",
    "NGHỊ QUYẾT LIÊN TỊCH": "Nghị quyết",
}
_KIND_KEYS = {unaccent(title): title for title in KINDS}
# The symbol's kind code (Phụ lục III of the decree; Hướng dẫn 36 for the Party's) → kind.
SYMBOL_KINDS = {
    "KH": "Kế hoạch",
    "BC": "Báo cáo",
    "QĐ": "Quyết định",
    "TB": "Thông báo",
    "BB": "Biên bản",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "HD": "Hướng dẫn",
    "TTr": "Tờ trình",
    "CTr": "Chương trình",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "QĐi": "Quy định",
    "QyC": "Quy chế",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "TT": "Thông tri",
    "ĐA": "Đề án",
    "PA": "Phương án",
    "DA": "Dự án",
    "CV": "Công văn",
    "CĐ": "Công điện",
}
_KIND_CODES = {}
for _code, _kind in SYMBOL_KINDS.items():
    _KIND_CODES.setdefault(_kind, _code)
# Symbols OCR reads without their stroke (QD for QĐ) or in capitals (TTR for TTr).
_SYMBOL_FIXES = {
    "QD": "QĐ",
    "DU": "ĐU",
    "TTR": "TTr",
    "CTR": "CTr",
    "QYD": "QyĐ",
    "QYĐ": "QyĐ",
    "BCD": "BCĐ",
    "HDND": "HĐND",
    "DTN": "ĐTN",
    "CD": "CĐ",
    "BTVDU": "BTVĐU",
    "VPDU": "VPĐU",
    "UBKTDU": "UBKTĐU",
    "BXDD": "BXDĐ",
    "BXDDU": "BXDĐU",
}

# The motto and the Party's name, in the right column; removed wherever they run into the
# issuer's lines.
MOTTOS = [
    "CONG HOA XA HOI CHU NGHIA VIET NAM",
    "DOC LAP - TU DO - HANH PHUC",
    "DANG CONG SAN VIET NAM",
]

# "Số: 45/KH-UBND", "S6: 45/KH - UBND", "Số 12-KH/ĐU", "Số: 01/2026/QĐ-UBND" — on the
# unaccented line; "Số" as OCR reads it: So (Số, Sô, Sổ), S6, S0, Se.
_TOKEN = r"[A-ZĐ][A-Za-zĐđ0-9]*"
_SYMBOL = rf"{_TOKEN}(?:\s*-\s*{_TOKEN})*"
_NUMBER_PARTY = (
    rf"(?P<pn>\d{{1,5}})\s*-\s*(?P<pk>[A-ZĐ][A-Za-zĐ]{{0,4}})\s*[/|]\s*(?P<pb>{_SYMBOL})"
)
_NUMBER_ADMIN = (
    rf"(?P<an>\d{{1,5}}[a-z]?)\s*(?:[/|]|(?=[A-Z]{{2}}))\s*(?:(?P<ay>(?:19|20)\d\d)\s*[/|]\s*)?"
    rf"(?P<as>{_SYMBOL})"
)
_SO = r"(?<![A-Za-z])S[o0-9e]?\s*[:;.,]?\s*"
NUMBER_RE = re.compile(rf"{_SO}(?:{_NUMBER_PARTY}|{_NUMBER_ADMIN})")
# The same without "Số", for a header whose "Số" OCR lost: a number with a symbol only.
BARE_NUMBER_RE = re.compile(
    rf"(?<![\w/-])(?:(?P<pn>\d{{1,5}})\s*-\s*(?P<pk>[A-ZĐ][A-Za-zĐ]{{0,4}})\s*/\s*(?P<pb>{_SYMBOL})"
    rf"|(?P<an>\d{{1,5}})\s*/\s*(?:(?P<ay>(?:19|20)\d\d)\s*/\s*)?(?P<as>{_SYMBOL}))"
)

# "Ba Thành, ngày 12 tháng 3 năm 2026" on the unaccented line, OCR's letter and digit noise
# allowed: "ngay", "thang", "nam" whatever their marks; O for 0, l or I for 1; a space inside a
# number ("2 026"). The place is a few capitalised words before the comma.
_DIGIT = r"[0-9OoIl|]"
_DAY = rf"(?P<d>{_DIGIT}\s?{_DIGIT}?)"
_MONTH = rf"(?P<m>{_DIGIT}\s?{_DIGIT}?)"
_YEAR = rf"(?P<y>{_DIGIT}\s?{_DIGIT}\s?{_DIGIT}\s?{_DIGIT})"
_DATE = (
    rf"ng[a-z]{{0,2}}y\s*[.:,]?\s*{_DAY}\s*th[a-z]{{1,2}}ng\s*{_MONTH}\s*n[a-z]{{1,2}}m\s*{_YEAR}"
)
PLACE_DATE_RE = re.compile(
    rf"(?P<place>(?:[A-Z][A-Za-z]{{0,20}}\.?\s+){{0,4}}[A-Z][A-Za-z]{{0,20}})\s*[,.]?\s*{_DATE}",
    re.IGNORECASE,
)
PLACE_DATE_STRICT_RE = re.compile(
    rf"(?P<place>(?:[A-Z][a-z]{{0,20}}\s+){{0,4}}[A-Z][a-z]{{0,20}})\s*[,.]?\s*{_DATE}"
)
DATE_RE = re.compile(_DATE, re.IGNORECASE)

# "V/v", as OCR reads it: V/V, Vív, W/v, V/y.
LETTER_RE = re.compile(r"(?<![A-Za-z])[VW]\s*[/|lI1iíì]\s*[vVy](?![A-Za-z])\.?\s*")
# "Kính gửi:", "Kính trình:" (on the unaccented line).
GREETING_RE = re.compile(r"^\W*Kinh\s*(?:gui|trinh)\b", re.IGNORECASE)

# Lines that start the body, not a trích yếu's next line (on the unaccented text).
_BODY_START = re.compile(
    r"^\W*(?:Can cu|Thuc hien|Kinh gui|Kinh trinh|Xet|Theo de nghi|Theo |Nham |De |"
    r"Hom nay|Vao (?:hoi|luc)|Thoi gian|Dia diem|Thanh phan|Chu tri|Ngay \d|Qua |"
    r"Trien khai|Sau khi|Duoc su|Tham du|Thuc te|Trong (?:nam|thoi gian|thang|quy)|"
    r"Phan (?:[IVX]+|thu|mot)|Dieu \d|Chuong [IVX\d]|[IVX]+\s*[.)]\s|\d+\s*[.)]\s|[a-z]\)\s)"
)
# A rule under the header or the trích yếu, as text or as OCR reads it.
_RULE = re.compile(r"^[\s\-_*=~.·…—–'\"`|]*$")

# Issuing bodies. A first line of only these words names its place on the next line
# ("ỦY BAN NHÂN DÂN" / "XÃ BA THÀNH").
_ABBREVIATIONS = [
    ("UY BAN NHAN DAN", "UBND"),
    ("HOI DONG NHAN DAN", "HĐND"),
]
# Words that name a place's level; what follows them is the place's name.
_LEVELS = [
    "THANH PHO",
    "THI TRAN",
    "THI XA",
    "DAC KHU",
    "TO DAN PHO",
    "KHU PHO",
    "XA",
    "PHUONG",
    "TINH",
    "HUYEN",
    "QUAN",
    "THON",
    "AP",
    "BAN",  # "bản" (a village); only after a body's head, see _split_place
    "LANG",
]
# How each level is written (from its unaccented form: OCR's "XÂ" is "xã").
_LEVEL_WORDS = {
    "THANH PHO": "thành phố",
    "THI TRAN": "thị trấn",
    "THI XA": "thị xã",
    "DAC KHU": "đặc khu",
    "TO DAN PHO": "tổ dân phố",
    "KHU PHO": "khu phố",
    "XA": "xã",
    "PHUONG": "phường",
    "TINH": "tỉnh",
    "HUYEN": "huyện",
    "QUAN": "quận",
    "THON": "thôn",
    "AP": "ấp",
    "BAN": "bản",
    "LANG": "làng",
}
# Words that begin a body of their own: a line starting with one is not the previous line's
# continuation. (Unaccented.)
_HEADS = [
    "UY BAN",
    "UBND",
    "HDND",
    "HOI DONG",
    "DANG UY",
    "DANG BO",
    "CHI BO",
    "CHI UY",
    "BAN ",
    "SO ",
    "PHONG ",
    "VAN PHONG",
    "HOI ",
    "DOAN ",
    "MAT TRAN",
    "CONG AN",
    "TRUONG ",
    "TRUNG TAM",
    "THANH TRA",
    "CHI CUC",
    "CUC ",
    "BO ",
    "TINH UY",
    "THANH UY",
    "HUYEN UY",
    "BAN CHI HUY",
    "TO ",
    "LIEN DOAN",
    "QUAN UY",
]
# Capitalisation an officer types, for bodies the rule below gets wrong (keys unaccented).
_KNOWN_NAMES = {
    "HOI LIEN HIEP PHU NU": "Hội Liên hiệp Phụ nữ",
    "DOAN THANH NIEN CONG SAN HO CHI MINH": "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
    "BAN CHI HUY QUAN SU": "Ban Chỉ huy Quân sự",
    "BAN THUONG VU DANG UY": "Ban Thường vụ Đảng ủy",
    "UY BAN MAT TRAN TO QUOC VIET NAM": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "MAT TRAN TO QUOC VIET NAM": "Mặt trận Tổ quốc Việt Nam",
    "UY BAN KIEM TRA DANG UY": "Ủy ban Kiểm tra Đảng ủy",
    "SO CONG THUONG": "Sở Công Thương",
    "BO CONG THUONG": "Bộ Công Thương",
}
# Heads after which the next word starts the body's own name ("Sở Nội vụ", "Ban Tuyên giáo").
_NAMED_HEADS = [
    "UY BAN",
    "SO",
    "BAN",
    "PHONG",
    "HOI",
    "TRUNG TAM",
    "CHI CUC",
    "CUC",
    "BO",
    "VAN PHONG",
    "DOAN",
    "THANH TRA",
    "TRUONG",
    "LIEN DOAN",
]


@dataclass
class HeaderFields:
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    kind: str = ""
    summary: str = ""


def parse_header(text: str) -> HeaderFields:
    """The header fields of a document whose text (its first page is enough) is `text`."""
    lines = _lines(text)
    fields = HeaderFields()
    title_at, kind = _find_title(lines)
    if title_at is not None:
        header = lines[:title_at]
    else:
        header = _letter_header(lines)
    nonblank = [line for line in header if line.strip()]

    number_at, fields.number = _find_number(nonblank)
    fields.issued_on = _find_date(nonblank)
    fields.issuer = _place_by_vote(typed_issuer(_issuer_lines(nonblank, number_at)), lines)

    if title_at is not None:
        fields.kind = kind
        fields.summary = _summary(lines[title_at + 1 :])
        # OCR sometimes puts a line of the header after the title (a block of its own read
        # later): a line that is nothing but the number or the place-date, close below it.
        below = [line for line in lines[title_at + 1 : title_at + 1 + LOST_LINES] if line]
        if not fields.number:
            fields.number = next(filter(None, (_lone_number(line) for line in below)), "")
        if not fields.issued_on:
            fields.issued_on = next(filter(None, (_lone_date(line) for line in below)), None)
        fields.number = _symbol_for_kind(fields.number, kind)
    else:
        summary = _letter_summary(lines, len(header), number_at)
        if summary:
            fields.kind, fields.summary = "Công văn", summary
    if not fields.kind and fields.number:
        fields.kind = _kind_from_symbol(fields.number)
    return fields


def _has_words(piece: str) -> bool:
    return sum(c.isalnum() for c in piece) >= 3


def _lines(text: str) -> list[str]:
    lines = []
    for line in clean(text).split("\n"):
        # A tab separates the columns of a flattened Word header (and of an OCR'd line); a
        # piece with no letter or digit beside others is a speck OCR read (":<tab>2024").
        pieces = line.split("\t")
        if len(pieces) > 1:
            pieces = [p for p in pieces if any(c.isalnum() for c in p)]
            if any(_has_words(p) for p in pieces):
                pieces = [p for p in pieces if _has_words(p)]
        for piece in pieces:
            # A header's line is short; a longer one is body text, of which the start is enough
            # (and no pattern then runs over a line of a hundred thousand characters).
            lines.append(" ".join(piece[:LINE_CHARS].split()))
        if len(lines) >= HEAD_LINES:
            break
    return lines[:HEAD_LINES]


# --- kind -------------------------------------------------------------------------------------


def kind_of_title(line: str) -> str | None:
    """The kind a title line names ("KẾ HOẠCH" → "Kế hoạch"), OCR's small slips forgiven;
    None for any other line."""
    stripped = line.strip(" .:;,-_*'\"")
    if not stripped or len(stripped) > 24 or not is_upper_text(stripped, 0.7):
        return None
    key = " ".join(unaccent(stripped).upper().split())
    if key in _KIND_KEYS:
        exact = _KIND_KEYS[key]
        upper = stripped.upper()
        # Same letters, other marks: the title whose marks are closest (ĐỀ ÁN / DỰ ÁN differ
        # in letters, so this only settles OCR's tone slips).
        return KINDS.get(upper) or KINDS[exact]
    if len(key) < 7:
        return None
    best, best_distance = None, 2
    for candidate, title in _KIND_KEYS.items():
        if abs(len(candidate) - len(key)) > 1:
            continue
        gap = distance(key, candidate, 1)
        if gap < best_distance:
            best, best_distance = title, gap
    return KINDS[best] if best else None


def _find_title(lines: list[str]) -> tuple[int | None, str]:
    for index, line in enumerate(lines[:TITLE_WITHIN]):
        kind = kind_of_title(line)
        if kind and _looks_like_title_position(lines, index):
            return index, kind
    return None, ""


def _looks_like_title_position(lines: list[str], index: int) -> bool:
    """A title is followed by its trích yếu or the body, never by the motto: "CỘNG HÒA…"
    under a line is the right column of a header that begins with it."""
    for line in lines[index + 1 : index + 3]:
        if line.strip():
            return not _motto_span(line)
    return True


def _code_span(number: str) -> tuple[int, int] | None:
    """Where the kind's code is in a number: "45/[KH]-UBND", "12-[KH]/ĐU", "01/2026/[QĐ]-UBND"."""
    party = re.match(r"^\d+[a-z]?-([^/]+)/", number)
    if party:
        return party.span(1)
    admin = re.match(r"^\d+[a-z]?/(?:\d{4}/)?([^-/]+)-", number)
    return admin.span(1) if admin else None


def _symbol_for_kind(number: str, kind: str) -> str:
    """The kind's code of the symbol, where OCR garbled it ("331/TI-UBND", "86/QĐĐ-UBND") into
    no code at all, set right from the title: the decree gives each kind its code."""
    span = _code_span(number)
    if not span:
        return number
    code = number[span[0] : span[1]]
    if code in SYMBOL_KINDS or kind not in _KIND_CODES:
        return number
    right = _KIND_CODES[kind]
    if distance(unaccent(code).upper(), unaccent(right).upper(), 2) > 2:
        return number
    return number[: span[0]] + right + number[span[1] :]


def _kind_from_symbol(number: str) -> str:
    """ "45/KH-UBND" → "Kế hoạch"; "12-KH/ĐU" → "Kế hoạch"; "" when the code is unknown."""
    if re.match(r"^\d+[a-z]?-", number):
        code = number.split("-", 1)[1].split("/", 1)[0]
    else:
        parts = number.split("/")
        code = parts[-1].split("-", 1)[0] if len(parts) > 1 else ""
    return SYMBOL_KINDS.get(code, "")


# --- number -----------------------------------------------------------------------------------


def _find_number(header: list[str]) -> tuple[int | None, str]:
    """(index of the line, number) of the first "Số …" in the header; failing that, of the
    first bare number with a symbol."""
    for pattern in (NUMBER_RE, BARE_NUMBER_RE):
        for index, line in enumerate(header):
            for match in pattern.finditer(unaccent(line)):
                number = _number_text(match, line)
                if number:
                    return index, number
    return None, ""


def _lone_number(line: str) -> str:
    match = NUMBER_RE.match(unaccent(line))
    if not match or line[match.end() :].strip(" .,;"):
        return ""
    return _number_text(match, line)


def _lone_date(line: str) -> date | None:
    match = PLACE_DATE_STRICT_RE.match(unaccent(line))
    if not match or line[match.end() :].strip(" .,;"):
        return None
    return _real_date(match)


def _number_text(match: re.Match, line: str) -> str:
    """The number matched on the unaccented line, its symbol's letters from `line` (Đ)."""

    def group(name: str) -> str:
        start, end = match.span(name)
        return line[start:end] if start >= 0 else ""

    if group("pn"):
        kind = _fix_symbol(group("pk"))
        body = _symbol(group("pb"))
        return f"{group('pn')}-{kind}/{body}" if body and _is_code(kind) else ""
    symbol = _symbol(group("as"))
    if not symbol:
        return ""
    year = group("ay")
    return f"{group('an')}/{year}/{symbol}" if year else f"{group('an')}/{symbol}"


def _symbol(text: str) -> str:
    parts = [_fix_symbol(part) for part in re.split(r"\s*-\s*", text.strip())]
    # A symbol's parts are codes in capitals; a word after it (the place in a merged line:
    # "45/KH-UBND Ba Thành") is not matched, but a lone capitalised word might be ("Ba").
    if not parts or any(len(part) > 12 for part in parts):
        return ""
    if not all(_is_code(part) for part in parts):
        return ""
    return "-".join(parts)


def _is_code(part: str) -> bool:
    letters = [c for c in part if c.isalpha()]
    if not letters:
        return False
    capitals = sum(c.isupper() for c in letters)
    # TTr, CTr, QyĐ: one lower-case letter in a code of three or more.
    return capitals == len(letters) or (len(letters) >= 3 and len(letters) - capitals == 1)


def _fix_symbol(part: str) -> str:
    # OCR writes a bold Đ two or three times over: "ĐĐU", "QĐĐ".
    part = re.sub("Đ{2,}", "Đ", part.strip())
    return _SYMBOL_FIXES.get(part.upper(), part) if part.upper() in _SYMBOL_FIXES else part


# --- date -------------------------------------------------------------------------------------


def _find_date(header: list[str]) -> date | None:
    """The date of the place-date line; failing that, of a "ngày … tháng … năm …" alone in
    the header. None if it is not a real date."""
    plain = [unaccent(line) for line in header]
    for pattern in (PLACE_DATE_STRICT_RE, PLACE_DATE_RE, DATE_RE):
        for line in plain:
            for match in pattern.finditer(line):
                found = _real_date(match)
                if found:
                    return found
    return None


def _digits(text: str) -> int:
    return int(text.translate(str.maketrans("OoIl|", "00111")).replace(" ", ""))


def _real_date(match: re.Match) -> date | None:
    try:
        day, month, year = (_digits(match.group(k)) for k in "dmy")
        if not 1945 <= year <= 2100:
            return None
        return date(year, month, day)
    except ValueError:
        return None


# --- issuer -----------------------------------------------------------------------------------


def _motto_span(line: str) -> tuple[int, int] | None:
    """Where in `line` the motto or the Party's name runs, OCR's slips forgiven."""
    plain = unaccent(line).upper()
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", plain)]
    for motto in MOTTOS:
        motto_words = motto.split()
        if sum(w in plain.split() for w in motto_words) < 2:
            continue
        best = None
        allowed = max(2, len(motto) // 5)
        for first in range(len(words)):
            for count in range(max(1, len(motto_words) - 2), len(motto_words) + 3):
                last = first + count - 1
                if last >= len(words):
                    break
                window = plain[words[first][0] : words[last][1]]
                gap = distance(window.replace("–", "-"), motto, allowed)
                if gap <= allowed and (best is None or gap < best[0]):
                    best = (gap, words[first][0], words[last][1])
        if best:
            return best[1], best[2]
    return None


def _without_right_column(line: str) -> str:
    """The line less the motto, the Party's name and the place-date: what the left column
    printed on it."""
    while span := _motto_span(line):
        line = (line[: span[0]] + " " + line[span[1] :]).strip()
    plain = unaccent(line)
    # The place is capitalised: "đăng ký mô hình Ba Thành, ngày …" keeps its first words.
    match = PLACE_DATE_STRICT_RE.search(plain) or DATE_RE.search(plain)
    if match:
        line = (line[: match.start()] + line[match.end() :]).strip()
    return " ".join(line.split())


def _issuer_lines(header: list[str], number_at: int | None) -> list[str]:
    """The lines of the issuing body: capitals in the left column above the number."""
    above = header[:number_at] if number_at is not None else header
    lines = []
    for line in above:
        left = _without_right_column(line)
        left = left.strip(" *.-_—|")
        if _RULE.match(left) or not left:
            continue
        # The run of capitals at the start of a line: "XÃ BA THÀNH Độc lập…" left of the motto.
        words = left.split()
        capitals = []
        for word in words:
            if is_upper_text(word, 1.0) or (not any(c.isalpha() for c in word) and capitals):
                capitals.append(word)
            else:
                break
        left = " ".join(capitals).strip(" ,.-")
        if len([c for c in left if c.isalpha()]) >= 2:
            lines.append(left)
        elif lines and number_at is None:
            break  # no number: the capitals at the top are the issuer; stop at the rest
    return lines


def typed_issuer(lines: list[str]) -> str:
    """The issuing body as an officer types it, from the header's lines in capitals.

    The lines are grouped into bodies (a line continues the one above when it names a place,
    "XÃ BA THÀNH", or does not begin a body of its own); the last body issued the document.
    "ỦY BAN NHÂN DÂN" and "HỘI ĐỒNG NHÂN DÂN" become UBND and HĐND, as the app writes them;
    every other body is written out with the decree's capitals (Phụ lục II: the kind of body and
    its field capitalised, "Sở Giáo dục và Đào tạo"); a level (xã, phường, tỉnh, thôn) in lower
    case and a place's name with a capital on each word: "UBND xã Ba Thành", "Đảng ủy xã Ba
    Thành", "Chi bộ thôn An Hòa", "Sở Nội vụ".
    """
    bodies: list[list[str]] = []
    for line in lines:
        # Specks OCR reads inside the capitals: "ỦY. BAN", "XÂY DỰNG.ĐẢNG".
        line = " ".join(re.sub(r"[.'`’‘:;|]", " ", clean(line)).split())
        plain = unaccent(line).upper()
        if bodies and not _begins_body(plain):
            bodies[-1].append(line)
        else:
            bodies.append([line])
    if not bodies:
        return ""
    return _typed_body(" ".join(bodies[-1]))


def _begins_body(plain: str) -> bool:
    if any(plain == level or plain.startswith(level + " ") for level in _LEVELS if level != "BAN"):
        return False
    return any(plain.startswith(head) for head in _HEADS)


def _typed_body(text: str) -> str:
    words = text.split()
    plain = [unaccent(w).upper() for w in words]
    out: list[str] = []
    index = 0
    for long, short in _ABBREVIATIONS:
        # "ỦY BAN NHÂN DÂN", also as OCR runs it together: "ỦYBAN NHÂN DÂN".
        n = next((k for k in range(1, 5) if "".join(plain[:k]) == long.replace(" ", "")), None)
        if n:
            out.append(short)
            index = n
            break
    else:
        if plain and plain[0] in ("UBND", "HDND"):
            out.append("UBND" if plain[0] == "UBND" else "HĐND")
            index = 1
    level_at = _level_position(plain, index)
    head_end = level_at if level_at is not None else len(words)
    out += _typed_name(words[index:head_end], plain[index:head_end], bool(out))
    if level_at is not None:
        level = _level_at(plain, level_at)
        n = len(level.split())
        out += _LEVEL_WORDS[level].split()
        out += [_place_word(w) for w in words[level_at + n :]]
    return " ".join(out)


def _place_by_vote(issuer: str, lines: list[str]) -> str:
    """The issuer's place name as the document writes it most often. The place is printed
    again in the date line and usually in the body ("xã Kiến Thụy"); OCR misreads a mark in
    one of them more often than in all: "UBND xã Kiên Thụy" → "UBND xã Kiến Thụy"."""
    words = issuer.split()
    plain = [unaccent(w).upper() for w in words]
    # The level, in lower case in the typed form ("xã"; not the "Ban" of a body's name).
    at = next(
        (
            i
            for i in range(1, len(words))
            if words[i][:1].islower() and _level_at(plain, i) not in ("", "BAN")
        ),
        None,
    )
    if at is None:
        return issuer
    start = at + len(_level_at(plain, at).split())
    place = words[start:]
    if not place or all(w.isdigit() for w in place):
        return issuer
    text = "\n".join(lines)
    bare = unaccent(text).lower()
    pattern = re.compile(
        r"(?<!\w)" + r"\s+".join(re.escape(unaccent(w).lower()) for w in place) + r"(?!\w)"
    )
    votes: dict[str, int] = {}
    for match in pattern.finditer(bare):
        found = " ".join(_place_word(w) for w in text[match.start() : match.end()].split())
        votes[found] = votes.get(found, 0) + 1
    current = " ".join(place)
    if sum(votes.values()) <= 1 and len(place) > 2:
        # Found only where the issuer is printed: OCR may have added a speck as a word
        # ("xã Tiên Lãng Lả"); the longest start of it that the document repeats is the place.
        for end in range(len(place) - 1, 1, -1):
            shorter = _place_by_vote(" ".join([*words[:start], *place[:end]]), lines)
            if _count_place(place[:end], lines) >= 2:
                return shorter
    best = max(votes, key=lambda k: (votes[k], k == current), default=current)
    if votes.get(best, 0) > votes.get(current, 0):
        return " ".join([*words[:start], best])
    return issuer


def _count_place(place: list[str], lines: list[str]) -> int:
    bare = unaccent("\n".join(lines)).lower()
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(unaccent(w).lower()) for w in place) + r"(?!\w)"
    return len(re.findall(pattern, bare))


def _level_at(plain: list[str], index: int) -> str:
    for level in _LEVELS:
        n = len(level.split())
        if " ".join(plain[index : index + n]) == level:
            return level
    return ""


def _level_position(plain: list[str], start: int) -> int | None:
    """Where the place's level begins: the first level word after the body's own words (not
    the "Ban" of "Ban Tuyên giáo", nor "Phường" at the very start)."""
    for index in range(max(start, 1), len(plain)):
        level = _level_at(plain, index)
        if level and level != "BAN" and index + len(level.split()) < len(plain):
            return index
    return None


def _typed_name(words: list[str], plain: list[str], after_abbreviation: bool) -> list[str]:
    """The body's own words: its first word (unless UBND came before), the first word of its
    name ("Sở Nội vụ") and each word after "và" or a comma capitalised; "Đảng" always."""
    if not words:
        return []
    key = " ".join(plain)
    squeezed = key.replace(" ", "")
    for known, typed in _KNOWN_NAMES.items():
        # Known names also when OCR lost a space or a mark: "ỦYBAN MẶT TRẬNTỔ QUỐC".
        if distance(squeezed, known.replace(" ", ""), 2) <= 2:
            return typed.split()
    for head, typed in _HEAD_WORDS.items():
        n = len(head.split())
        if " ".join(plain[:n]) == head:
            words = [*typed.split(), *words[n:]]
            break
    name_at = _named_head(plain)
    out = []
    capital_next = not after_abbreviation
    for index, (word, bare) in enumerate(zip(words, plain, strict=True)):
        if capital_next or index == name_at or bare in _PROPER_NOUNS:
            out.append(capitalize(word))
        else:
            out.append(word.lower())
        capital_next = bare == "VA" or word.endswith(",")
    return out


# Heads written the one way, whatever marks OCR gave them ("Đăng ủy" is "Đảng ủy").
_HEAD_WORDS = {
    "DANG UY": "Đảng ủy",
    "DANG BO": "Đảng bộ",
    "CHI BO": "Chi bộ",
    "CHI UY": "Chi ủy",
    "UY BAN": "Ủy ban",
    "SO": "Sở",
    "BAN": "Ban",
    "PHONG": "Phòng",
    "VAN PHONG": "Văn phòng",
    "HOI": "Hội",
    "DOAN": "Đoàn",
    "CONG AN": "Công an",
    "TRUNG TAM": "Trung tâm",
}
# Proper nouns inside a body's name.
_PROPER_NOUNS = {"DANG"}


def _named_head(plain: list[str]) -> int | None:
    """The index of the word that starts the body's own name, after its head ("SỞ" → 1)."""
    for head in sorted(_NAMED_HEADS, key=len, reverse=True):
        n = len(head.split())
        if " ".join(plain[:n]) == head and len(plain) > n:
            return n
    return None


def _place_word(word: str) -> str:
    if word.isdigit():
        return word
    return "-".join(capitalize(part) for part in word.split("-"))


# --- trích yếu --------------------------------------------------------------------------------


def _summary(after_title: list[str]) -> str:
    """The trích yếu: the lines under the title, up to a gap, a rule, the body or a line in
    capitals (the authority line of a Quyết định). A gap OCR leaves inside it (it read the
    trích yếu as two blocks) is crossed when the line after it goes on in lower case."""
    collected: list[str] = []
    gap = False
    for line in after_title:
        if not line.strip() or _RULE.match(line) or _is_noise(line):
            if collected and (
                _RULE.match(line) and line.strip() or _is_noise(line) and line.strip()
            ):
                break  # the rule under the trích yếu
            gap = gap or bool(collected)
            continue
        plain = unaccent(line)
        if gap and not _goes_on(line, collected):
            break
        gap = False
        if is_upper_text(line) and len(line.split()) >= 2:
            break
        if collected and _BODY_START.match(plain):
            break
        if not collected and re.match(r"^\W*(?:Can cu|Kinh gui|Kinh trinh|[IVX]+\.\s)", plain):
            break
        collected.append(line.strip())
        if len(collected) >= SUMMARY_MAX_LINES or line.rstrip().endswith((".", ":", ";")):
            break
    return _joined(collected)


def _goes_on(line: str, collected: list[str]) -> bool:
    """Whether `line`, after a gap, continues the trích yếu: it begins in lower case (or with
    a year) and is not the body's first line."""
    first = line.strip()[:1]
    if not (first.islower() or first.isdigit()) or _BODY_START.match(unaccent(line)):
        return False
    # The tail of a word cut at a column's edge ("g ủy xã …"): a piece of the body that a
    # photo's perspective split off, not the next line of the trích yếu.
    head = line.split()[0]
    if len(head) == 1 and head.isalpha() and head not in _ONE_LETTER_WORDS:
        return False
    return not collected[-1].rstrip().endswith((".", ":", ";"))


# The Vietnamese words of one letter a line may begin with.
_ONE_LETTER_WORDS = {"ở", "ý", "à", "ạ", "ừ", "ô", "ơ", "ủ"}


def _is_noise(line: str) -> bool:
    """What OCR reads off a rule or a speck: a line with under three letters or digits."""
    return sum(c.isalnum() for c in line) < 3


# Specks OCR reads as a word of their own: never a word of a trích yếu.
_SPECKS = {".", ",", "'", "`", "‘", "’", "·", "_", "~", "|", "^", "*", ":", ";", "»", "«"}


def _joined(lines: list[str]) -> str:
    words = [word for word in " ".join(lines).split() if word not in _SPECKS]
    text = " ".join(words)
    # A speck before the first word or after the last: anything but a letter, a digit, a
    # bracket or a quotation mark the text opened.
    text = re.sub(r"^[^\w“\"(]+", "", text)
    text = re.sub(r"[^\w”\")]+$", "", text)
    return curly_quotes(text)


def curly_quotes(text: str) -> str:
    """Every kind of double quotation mark as the curly pair the documents print."""
    out = []
    for index, char in enumerate(text):
        if char in '"“”„″«»':
            before = text[index - 1] if index else " "
            out.append("“" if before.isspace() or before in "([{-/" else "”")
        else:
            out.append(char)
    return "".join(out)


# --- Công văn ---------------------------------------------------------------------------------


def _letter_header(lines: list[str]) -> list[str]:
    """The header of a document without a title: up to "Kính gửi" or the first body line."""
    for index, line in enumerate(lines[:LETTER_HEADER_LINES]):
        plain = unaccent(line)
        if GREETING_RE.match(plain) or (index > 2 and _BODY_START.match(plain)):
            return lines[:index]
    return lines[:LETTER_HEADER_LINES]


def _letter_summary(lines: list[str], header_end: int, number_at: int | None) -> str:
    """The "V/v …" under a letter's number, and the lines that continue it."""
    for index, line in enumerate(lines[:header_end]):
        match = LETTER_RE.search(line)
        if not match:
            continue
        first = _without_right_column(line[match.end() :])
        collected = [f"V/v {first}".strip()]
        for following in lines[index + 1 : header_end]:
            if not following.strip():
                break
            left = _without_right_column(following)
            if not left or _RULE.match(left) or _is_noise(left):
                continue
            plain = unaccent(left)
            if GREETING_RE.match(plain) or is_upper_text(left) or NUMBER_RE.search(plain):
                break
            if _BODY_START.match(plain):
                break
            collected.append(left)
            if len(collected) >= SUMMARY_MAX_LINES:
                break
        return _joined(collected)
    return ""
