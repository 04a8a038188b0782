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
from dataclasses import dataclass

from PIL import Image, ImageOps

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


class OcrUnavailable(Exception):
    """Tesseract or its Vietnamese model is not installed."""


class ImageRefused(Exception):
    """An image file that is not read: its message says why, in Vietnamese."""


@dataclass
class OcrResult:
    text: str
    words: int  # words read with confidence (see GOOD_CONFIDENCE)
    seconds: float = 0.0

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

    image = Image.open(io.BytesIO(data))
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageRefused(
            _("Ảnh quá lớn (%(mp)s triệu điểm ảnh; tối đa %(max)s triệu), không đọc được.")
            % {"mp": round(width * height / 1e6), "max": MAX_IMAGE_PIXELS // 1_000_000}
        )
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


def ocr_page(image: Image.Image, *, dpi: int | None = None) -> OcrResult:
    """The text of one page image. A page that reads badly is checked for orientation
    (a photo taken sideways) and read again turned upright."""
    result = _tesseract(image, dpi=dpi)
    if result.found_text and result.words >= 20:
        return result
    turn = _orientation(image)
    if turn:
        turned = image.rotate(turn, expand=True)
        again = _tesseract(turned, dpi=dpi)
        if again.words > result.words:
            again.seconds += result.seconds
            return again
    return result


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
    text, words = tsv_text(done.stdout.decode("utf-8", "replace"), image.width)
    return OcrResult(text, words, seconds)


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


def tsv_text(tsv: str, page_width: int) -> tuple[str, int]:
    """Text from Tesseract's TSV: a line per line, a tab between words further apart than
    COLUMN_GAP of the page, a blank line between blocks. Returns (text, words read well)."""
    lines: list[tuple[tuple[int, int, int], list[tuple[int, int, str]]]] = []
    good = 0
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5":
            continue
        word = cells[11].strip()
        if not word:
            continue
        try:
            key = (int(cells[2]), int(cells[3]), int(cells[4]))
            left, width = int(cells[6]), int(cells[8])
            confidence = float(cells[10])
        except ValueError:
            continue
        if confidence >= GOOD_CONFIDENCE and sum(c.isalnum() for c in word) >= 2:
            good += 1
        if not lines or lines[-1][0] != key:
            lines.append((key, []))
        lines[-1][1].append((left, left + width, word))
    gap = max(1, int(page_width * COLUMN_GAP))
    out: list[str] = []
    block = None
    for (block_number, _par, _line), words in lines:
        if block is not None and block_number != block:
            out.append("")
        block = block_number
        pieces = [words[0][2]]
        for (_l, previous_end, _w), (left, _r, word) in zip(words, words[1:], strict=False):
            pieces.append("\t" if left - previous_end > gap else " ")
            pieces.append(word)
        out.append("".join(pieces))
    return "\n".join(out), good
