"""How official Vietnamese documents write points, dates and references to other documents.

Every report builder, template filter and spreadsheet writer goes through these, so "78,50",
"15/10/2026" and "(Kèm theo Kế hoạch số 18/KH-UBND ngày 10/02/2026 của UBND xã)" read the same
in every document the app produces.
"""

from datetime import date, datetime
from decimal import Decimal

# The space left for a number or a day a person fills in by hand on paper ("số ___/KH-UBND",
# "ngày ___/___/2026"): no-break spaces, so HTML and Word keep the gap instead of collapsing
# it, as the document engine has always printed it.
BLANK = "\u00a0" * 6

# How a unit's documents name its own level: "của UBND xã", "tỉnh chấm đạt".
LEVEL_WORDS = {
    "commune": "xã",
    "ward": "phường",
    "special_zone": "đặc khu",
    "province": "tỉnh",
    "city": "thành phố",
    "district": "huyện",
}


def points(value: Decimal | int | float | None) -> str:
    """78,50 — two decimals and a comma; empty when there is no score."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value):.2f}".replace(".", ",")


def signed_points(value: Decimal | int | float | None) -> str:
    """A difference: "−1,00", "+0,50", "0,00"; empty when unknown."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if value > 0:
        return f"+{points(value)}"
    if value < 0:
        return f"−{points(-value)}"
    return points(value)


def day(value: date | datetime | None) -> str:
    """15/10/2026; empty for no date."""
    return f"{value:%d/%m/%Y}" if value else ""


def long_day(value: date | None, *, place: str = "", year: int | None = None) -> str:
    """ "Ba Thành, ngày 05 tháng 03 năm 2026"; undated: "ngày … tháng … năm 2026"."""
    prefix = f"{place}, " if place else ""
    if value:
        return f"{prefix}ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"
    return f"{prefix}ngày{BLANK}tháng{BLANK}năm {year or ''}".rstrip()


def level_word(unit, default: str = "đơn vị") -> str:
    """ "xã", "phường", "tỉnh": how the unit's documents name its own kind."""
    return LEVEL_WORDS.get(getattr(unit, "kind", ""), default)


def dated(on: date | None, year: int | None = None) -> str:
    """ "ngày 10/02/2026", or "ngày …/…/2026" left for a hand to fill in."""
    if on:
        return f"ngày {day(on)}"
    return f"ngày{BLANK}/{BLANK}/{year or ''}"


def document_ref(kind: str, number: str, on: date | None, *, symbol: str = "", year=None) -> str:
    """ "Kế hoạch số 18/KH-UBND ngày 10/02/2026"; a missing number or date is left blank."""
    number = number or (f"{BLANK}/{symbol}" if symbol else BLANK)
    return f"{kind} số {number} {dated(on, year)}"


def basis(kind: str, number: str, on: date | None, **kwargs) -> str:
    """ "Căn cứ Kế hoạch số 18/KH-UBND ngày 10/02/2026" (the caller adds what follows)."""
    return f"Căn cứ {document_ref(kind, number, on, **kwargs)}"


def attachment(kind: str, number: str, on: date | None, issuer: str, **kwargs) -> str:
    """ "(Kèm theo Kế hoạch số 18/KH-UBND ngày 10/02/2026 của UBND xã)"."""
    return f"(Kèm theo {document_ref(kind, number, on, **kwargs)} của {issuer})"
