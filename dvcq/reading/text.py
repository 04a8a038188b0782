"""Text helpers the reader shares: one form of every character, and comparisons that forgive the
tone marks and the letters OCR gets wrong."""

import re
import unicodedata

# Characters OCR and word processors write for the ones official documents print.
_CHARS = str.maketrans(
    {
        "Ð": "Đ",  # eth, which OCR gives for Đ
        "ð": "đ",
        "Ɖ": "Đ",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u00ad": "",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "−": "-",
        "\r": "",
        "\x0c": "\n",
        "\x0b": "\n",
    }
)
# The older placement of tone marks (hoà, uỷ) that Word documents still carry, in the form the
# decree and the app write (hòa, ủy). Only these vowel pairs: elsewhere the two agree.
_OLD_TONES = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}
_OLD_TONE = re.compile(
    "|".join(
        sorted(
            {
                *_OLD_TONES,
                *(k.upper() for k in _OLD_TONES),
                *(k[0].upper() + k[1] for k in _OLD_TONES),
            },
            key=len,
            reverse=True,
        )
    )
)


def _new_tone(match: re.Match) -> str:
    old = match.group()
    new = _OLD_TONES[old.lower()]
    return "".join(n.upper() if o.isupper() else n for o, n in zip(old, new, strict=True))


def clean(text: str) -> str:
    """NFC, one kind of dash and space, no soft hyphens, tone marks in the modern place
    ("hoà" → "hòa", "uỷ" → "ủy"; "hoàn", "quỹ" unchanged)."""
    text = unicodedata.normalize("NFC", text).translate(_CHARS)
    return _OLD_TONE.sub(lambda m: _new_tone(m) if _ends_syllable(m) else m.group(), text)


def _ends_syllable(match: re.Match) -> bool:
    # "hoàn" and "quý" keep their marks: the pair is not the syllable's last vowels there.
    after = match.string[match.end() : match.end() + 1]
    before = match.string[match.start() - 1 : match.start()] if match.start() else ""
    return not after.isalpha() and before.lower() != "q"


def _base(char: str) -> str:
    if char in "Đđ":
        return "D" if char == "Đ" else "d"
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0] if decomposed else char


_BASE = {}


def unaccent(text: str) -> str:
    """The text without tone marks or hooks, one character for one: positions in the result
    are positions in `text` (which must be NFC)."""
    out = []
    for char in text:
        base = _BASE.get(char)
        if base is None:
            base = _BASE[char] = _base(char) if ord(char) > 127 else char
            if len(base) != 1:
                base = _BASE[char] = char
        out.append(base)
    return "".join(out)


def distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; stops early (returning limit + 1) once it must exceed `limit`."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def is_upper_text(text: str, share: float = 0.85) -> bool:
    """Mostly capitals (the issuing body, a title), counting letters only."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) >= share * len(letters)


def capitalize(word: str) -> str:
    return word[:1].upper() + word[1:].lower()
