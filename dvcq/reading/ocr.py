"""Text of a page image through Tesseract (`-l vie`), one page at a time, within limits.

Tesseract runs as a process of its own (no Python binding: nothing of it shares the worker's
memory), on one thread (OMP_THREAD_LIMIT=1: the server has few cores and the OCR of a page is
short), with a timeout. It is given a grey image with the page's text at the size its
Vietnamese model reads best: measured on pages of the app's own documents, about 200 dpi
(a 14 pt line some 30 pixels high) reads better than 300 dpi and in half the time.

Its TSV output gives each word's box and confidence: words on one line far apart are the two
columns of the decree's header, written with a tab between them, and a new block of text
starts after a blank line, which is where the header parser looks for the end of a trích yếu.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field

from PIL import Image, ImageOps

from .text import clean, unaccent

logger = logging.getLogger(__name__)

LANGUAGE = "vie"
# LSTM engine; automatic page segmentation without orientation detection (which costs time and
# is done separately, only when a page reads badly, see `ocr_page`).
OEM, PSM = "1", "3"
# Per page; a page takes about a second on one core, more when the machine is busy.
TIMEOUT_SECONDS = 60
# Decoded pixels of an image file, refused above this: a 50-megapixel phone photo passes; a
# "pixel bomb" (a small PNG that declares 30.000 × 30.000 pixels) does not.
MAX_IMAGE_PIXELS = 60_000_000
# The longest side of what Tesseract gets: an A4 page at about 200–240 dpi. Larger photos are
# reduced (their text is larger than the model needs and the time grows with the pixels),
# small ones enlarged up to MIN_SIDE.
MAX_SIDE = 2800
MIN_SIDE = 1800
# A word Tesseract is this sure of counts as read; a page with fewer than MIN_WORDS such words
# of two letters or more holds no text it can read.
GOOD_CONFIDENCE = 60
MIN_WORDS = 5
# Words further apart than this share of the page's width are in different columns.
COLUMN_GAP = 0.035
# Lines further apart than this many line heights are in different blocks (a paragraph's
# spacing is about 0.8 of a line; the space under a trích yếu and its rule, over 2).
LINE_GAP = 1.2
# The second and third readings of a first page: its top part, enlarged (see `ocr_page`).
HEADER_SHARE = 0.45
HEADER_SCALES = (1.25, 1.5)


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is not installed."""


class ImageRefused(Exception):
    """An image file that is not read: its message says why, in Vietnamese."""


@dataclass
class Word:
    line: tuple[int, int, int]  # Tesseract's block, paragraph and line numbers
    left: int
    top: int
    right: int
    bottom: int
    confidence: float
    text: str

    def overlap(self, other: Word) -> float:
        """Intersection over union of the two boxes."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        if width <= 0 or height <= 0:
            return 0.0
        both = width * height
        area = (self.right - self.left) * (self.bottom - self.top)
        area_other = (other.right - other.left) * (other.bottom - other.top)
        return both / max(area + area_other - both, 1)


@dataclass
class OcrResult:
    text: str
    words: int  # words read with confidence (see GOOD_CONFIDENCE)
    seconds: float = 0.0
    boxes: list[Word] = field(default_factory=list, repr=False)

    @property
    def found_text(self) -> bool:
        return self.words >= MIN_WORDS


def tesseract_path() -> str:
    path = shutil.which("tesseract")
    if not path:
        raise OcrUnavailable("tesseract")
    return path


def load_image(data: bytes) -> Image.Image:
    """A grey image of an image file's first frame, upright (EXIF), at a size Tesseract reads
    well, decoded within MAX_IMAGE_PIXELS. Raises ImageRefused or PIL's own errors."""
    from django.utils.translation import gettext as _

    too_large = ImageRefused(
        _("Ảnh quá lớn (tối đa %(max)s triệu điểm ảnh), không đọc được.")
        % {"max": MAX_IMAGE_PIXELS // 1_000_000}
    )
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        raise too_large from None
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise too_large
    if image.format == "JPEG":
        # Decode a large JPEG at 1/2, 1/4 or 1/8 of its size straight away: less memory, less
        # time, and it is reduced to MAX_SIDE anyway.
        scale = max(width, height) / MAX_SIDE
        if scale >= 2:
            image.draft("L", (int(width / scale) + 1, int(height / scale) + 1))
    image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        # A transparent background is white paper, not black.
        image = image.convert("RGBA")
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, image)
    return fit(image.convert("L"))


def fit(image: Image.Image) -> Image.Image:
    """The image scaled so that its longest side is within [MIN_SIDE, MAX_SIDE]."""
    longest = max(image.size)
    if longest > MAX_SIDE:
        factor = MAX_SIDE / longest
    elif longest < MIN_SIDE:
        factor = min(MIN_SIDE / longest, 3)
    else:
        return image
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS)


def ocr_page(image: Image.Image, *, dpi: int | None = None, header: bool = False) -> OcrResult:
    """The text of one page image.

    A page that reads badly is checked for orientation (a photo taken sideways) and read again
    turned upright. With `header` (a document's first page) the top of the page, where the
    header, title and trích yếu are, is read again enlarged (HEADER_SCALES) and each word of it
    settled by `_settle` (see there).
    """
    result = _tesseract(image, dpi=dpi)
    if not (result.found_text and result.words >= 20):
        turn = _orientation(image)
        if turn:
            image = image.rotate(turn, expand=True)
            again = _tesseract(image, dpi=dpi)
            if again.words > result.words:
                again.seconds += result.seconds
                result = again
    if header and result.found_text:
        _reread_header(image, result, dpi)
    return result


def _reread_header(image: Image.Image, result: OcrResult, dpi: int | None) -> None:
    height = round(image.height * HEADER_SHARE)
    top = image.crop((0, 0, image.width, height))
    readings: list[list[Word]] = []
    for scale in HEADER_SCALES:
        size = (round(top.width * scale), round(top.height * scale))
        again = _tesseract(
            top.resize(size, Image.Resampling.LANCZOS), dpi=round(dpi * scale) if dpi else None
        )
        result.seconds += again.seconds
        readings.append(
            [
                Word(
                    w.line,
                    round(w.left / scale),
                    round(w.top / scale),
                    round(w.right / scale),
                    round(w.bottom / scale),
                    w.confidence,
                    w.text,
                )
                for w in again.boxes
            ]
        )
    limit = height - image.height * 0.01  # a word the crop cut through is not compared
    changed = False
    for word in result.boxes:
        if word.bottom > limit:
            continue
        others = []
        for reading in readings:
            same = [other for other in reading if word.overlap(other) >= 0.5]
            if len(same) == 1:
                others.append(same[0].text)
        settled = _settle(word.text, others)
        if settled != word.text:
            word.text, changed = settled, True
    if readings and _add_missing_lines(result.boxes, readings[0], limit):
        changed = True
    if changed:
        result.text = words_text(result.boxes, image.width)


def _add_missing_lines(words: list[Word], again: list[Word], limit: float) -> bool:
    """Lines of the enlarged reading where the page's own reading has no word at all, put in
    among its lines by their height on the page. On photos Tesseract sometimes drops a whole
    short line at one size ("Số: 311/QĐ-UBND", the "- 2030" ending a trích yếu) and not at
    another."""
    missing: dict[tuple[int, int, int], list[Word]] = {}
    for word in again:
        if word.bottom > limit or word.confidence < GOOD_CONFIDENCE:
            continue
        if any(word.overlap(mine) > 0.2 for mine in words):
            continue
        missing.setdefault(word.line, []).append(word)
    added = False
    for number, line in enumerate(missing.values()):
        if sum(c.isalnum() for w in line for c in w.text) < 3:
            continue
        top = min(w.top for w in line)
        # After the last line of the page's reading that starts above this one.
        at = 0
        for index, word in enumerate(words):
            if word.top <= top and (index + 1 == len(words) or words[index + 1].line != word.line):
                at = index + 1
        words[at:at] = [
            Word((-1, -1, number), w.left, w.top, w.right, w.bottom, w.confidence, w.text)
            for w in line
        ]
        added = True
    return added


def _settle(first: str, others: list[str]) -> str:
    """One word of the header from its readings at several sizes (`first` at the page's own).

    The fast Vietnamese model misreads a mark of bold text at one size and not at another
    ("thấm định" for "thẩm định", "Khác phục" for "Khắc phục"), and sometimes at every size
    ("an nỉnh"). The model's own word list (`lexicon`) decides: of the readings that are words,
    the most frequent (the page's own reading on a tie); when none is, the one word of the list
    that differs from the reading only in its marks, if there is exactly one ("nỉnh" → "ninh").
    """
    words = lexicon()
    if not words:
        return first
    readings = [first, *others]
    known = [r for r in readings if _core(r).lower() in words]
    if known:
        counts = {r: known.count(r) for r in known}
        best = max(counts.values())
        return first if counts.get(first) == best else next(r for r in known if counts[r] == best)
    core = _core(first)
    if not core.isalpha():
        return first
    variants = _by_letters().get(unaccent(core).lower(), ())
    variants = [v for v in variants if v != unaccent(v)] or list(variants)
    if len(variants) != 1:
        return first
    return first.replace(core, _same_case(variants[0], core))


def _core(word: str) -> str:
    """The word without the punctuation around it: "ninh," → "ninh"."""
    return word.strip(".,;:!?()[]\"'“”‘’…-")


def _same_case(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    if like[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_LEXICON: frozenset[str] | None = None
_BY_LETTERS: dict[str, tuple[str, ...]] | None = None


def lexicon() -> frozenset[str]:
    """The word list of Tesseract's Vietnamese model (some 7.000 words, lower case), read once
    from the installed traineddata with Tesseract's own tools; empty when they are missing."""
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = frozenset(w.lower() for w in _model_words())
    return _LEXICON


def _by_letters() -> dict[str, tuple[str, ...]]:
    global _BY_LETTERS
    if _BY_LETTERS is None:
        groups: dict[str, set[str]] = {}
        for word in lexicon():
            groups.setdefault(unaccent(word), set()).add(word)
        _BY_LETTERS = {key: tuple(sorted(group)) for key, group in groups.items()}
    return _BY_LETTERS


def _model_words() -> list[str]:
    import tempfile
    from pathlib import Path

    combine, unsquish = shutil.which("combine_tessdata"), shutil.which("dawg2wordlist")
    model = _model_path()
    if not (combine and unsquish and model):
        return []
    with tempfile.TemporaryDirectory() as folder:
        prefix = str(Path(folder) / f"{LANGUAGE}.")
        try:
            subprocess.run(
                [combine, "-u", model, prefix], capture_output=True, timeout=30, check=True
            )
            listing = Path(folder) / "words.txt"
            subprocess.run(
                [unsquish, prefix + "lstm-unicharset", prefix + "lstm-word-dawg", str(listing)],
                capture_output=True,
                timeout=30,
                check=True,
            )
            return clean(listing.read_text("utf-8", "replace")).split()
        except (OSError, subprocess.SubprocessError):
            logger.warning("could not read the word list of %s", model, exc_info=True)
            return []


def _model_path() -> str | None:
    from pathlib import Path

    folders = [os.environ.get("TESSDATA_PREFIX", "")]
    folders += [str(p) for p in sorted(Path("/usr/share/tesseract-ocr").glob("*/tessdata"))]
    folders += ["/usr/share/tessdata", "/usr/local/share/tessdata"]
    for folder in folders:
        path = Path(folder) / f"{LANGUAGE}.traineddata"
        if folder and path.is_file():
            return str(path)
    return None


def _run(args: list[str], image: Image.Image) -> subprocess.CompletedProcess:
    buffer = io.BytesIO()
    image.save(buffer, format="PPM")  # a grey image is written as PGM: no compression to wait for
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    return subprocess.run(
        [tesseract_path(), "stdin", "stdout", *args],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        env=env,
        check=False,
    )


def _tesseract(image: Image.Image, *, dpi: int | None) -> OcrResult:
    args = ["-l", LANGUAGE, "--oem", OEM, "--psm", PSM]
    if dpi:
        args += ["--dpi", str(dpi)]
    start = time.monotonic()
    done = _run([*args, "tsv"], image)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")
        if "Failed loading language" in message or "Error opening data file" in message:
            raise OcrUnavailable(LANGUAGE)
        logger.warning("tesseract failed (%s): %s", done.returncode, message[-500:])
        return OcrResult("", 0, seconds)
    words = tsv_words(done.stdout.decode("utf-8", "replace"))
    good = sum(
        w.confidence >= GOOD_CONFIDENCE and sum(c.isalnum() for c in w.text) >= 2 for w in words
    )
    return OcrResult(words_text(words, image.width), good, seconds, words)


def _orientation(image: Image.Image) -> int:
    """Degrees to turn the image counter-clockwise (PIL's rotate) to stand it upright, by
    Tesseract's orientation detection; 0 when unsure."""
    try:
        done = _run(["--psm", "0", "-l", "osd"], image)
    except subprocess.TimeoutExpired:
        return 0
    rotate = confidence = None
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        key, _sep, value = line.partition(":")
        if key.strip() == "Rotate":
            rotate = int(value.strip() or 0)
        elif key.strip() == "Orientation confidence":
            confidence = float(value.strip() or 0)
    if not rotate or confidence is None or confidence < 2:
        return 0
    # Tesseract's "Rotate: 90" means turn clockwise by 90°; PIL turns counter-clockwise.
    return (360 - rotate) % 360


def tsv_words(tsv: str) -> list[Word]:
    """The words of Tesseract's TSV output, in its order."""
    words = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip():
            continue
        try:
            left, top, width, height = (int(cells[i]) for i in (6, 7, 8, 9))
            line = (int(cells[2]), int(cells[3]), int(cells[4]))
            confidence = float(cells[10])
        except ValueError:
            continue
        words.append(
            Word(line, left, top, left + width, top + height, confidence, cells[11].strip())
        )
    return words


def words_text(words: list[Word], page_width: int) -> str:
    """A line per line; a tab between words further apart than COLUMN_GAP of the page (the
    header's two columns, a table's cells); a blank line between Tesseract's blocks and at a
    gap between lines wider than LINE_GAP lines (the space under a trích yếu and its rule)."""
    lines: list[list[Word]] = []
    for word in words:
        if not lines or lines[-1][0].line != word.line:
            lines.append([])
        lines[-1].append(word)
    if not lines:
        return ""
    heights = sorted(max(w.bottom for w in line) - min(w.top for w in line) for line in lines)
    height = heights[len(heights) // 2]
    gap = max(1, int(page_width * COLUMN_GAP))
    out: list[str] = []
    previous = None
    for line in lines:
        top, bottom = min(w.top for w in line), max(w.bottom for w in line)
        if previous is not None and (
            line[0].line[0] != previous[0] or top - previous[1] > LINE_GAP * height
        ):
            out.append("")
        previous = (line[0].line[0], bottom)
        pieces = [line[0].text]
        for before, word in zip(line, line[1:], strict=False):
            pieces.append("\t" if word.left - before.right > gap else " ")
            pieces.append(word.text)
        out.append("".join(pieces))
    return "\n".join(out)
