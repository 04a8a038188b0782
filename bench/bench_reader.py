"""Accuracy of the reader on official documents with known fields, and the time OCR takes
(issue 18; not a test: prints figures).

    .venv/bin/python bench/bench_reader.py [--count 60] [--seed 18] [--variants scan200,photo]
                                           [--cache DIR] [--failures]

The documents come from tests/reading/corpus.py: the app's own document engine lays out
varied documents (14 kinds; issuers of communes, wards, the province, its departments,
Party committees, Party cells and the Front; numbers, dates, trích yếu of one to three lines;
bodies that quote other documents' numbers and dates), each with its truth. Every document is
read in every variant:

    digital   the born-digital PDF (text layer)
    docx      the engine's Word file
    scan300   every page scanned at 300 dpi, turned ≤ 0.6°, grain, JPEG 85, image-only PDF
    scan200   the first page at 200 dpi, turned 1–2°, grain, JPEG 60, as .jpg
    scan150   the first page at 150 dpi, turned ≤ 1.5°, grain, JPEG 75, as .png
    photo     a phone photo of the first page: perspective, table, uneven light, blur, 12 MP JPEG

Each field must be read exactly (number, issued_on, issuer, kind, summary). Printed: the
share read exactly per field and variant, and the seconds per OCR'd page (median and 90th
percentile): the whole reading (render, OCR, parsing) and Tesseract alone. Target: number,
date and kind exact on ≥ 95 % of documents, issuer and summary on ≥ 90 %; one A4 page ≤ 5 s.
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIELDS = ["number", "issued_on", "issuer", "kind", "summary"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--seed", default="18")
    parser.add_argument("--variants", default="digital,docx,scan300,scan200,scan150,photo")
    parser.add_argument("--cache", type=Path, help="keep the generated files here between runs")
    parser.add_argument("--failures", action="store_true", help="print every field misread")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvcq.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.gettempdir()}/bench-reader.db")
    import django

    django.setup()

    from dvcq.reading import ocr
    from dvcq.reading.reader import read_document
    from tests.reading.corpus import OCR_VARIANTS, VARIANTS, compare, documents

    tesseract_seconds: list[float] = []
    original = ocr._tesseract

    def timed(image, **kwargs):
        result = original(image, **kwargs)
        tesseract_seconds.append(result.seconds)
        return result

    ocr._tesseract = timed

    variants = [v for v in args.variants.split(",") if v]
    corpus = documents(args.count, seed=args.seed)
    right: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    totals: dict[str, int] = defaultdict(int)
    per_page: list[float] = []
    cpu_per_page: list[float] = []
    failures = []
    started = time.monotonic()
    for number, document in enumerate(corpus, 1):
        for variant in variants:
            name, data = _file(args.cache, args.seed, document, variant, VARIANTS[variant])
            start = time.monotonic()
            cpu = _children_cpu()
            reading = read_document(data, name)
            seconds = time.monotonic() - start
            if variant in OCR_VARIANTS and reading.pages:
                per_page.append(seconds / reading.pages)
                cpu_per_page.append((_children_cpu() - cpu) / reading.pages)
            fields = reading.fields()
            result = compare(document.truth, fields)
            totals[variant] += 1
            for field, ok in result.items():
                right[variant][field] += ok
                if not ok:
                    failures.append(
                        (name, field, document.truth.fields()[field], fields[field], reading.note)
                    )
        print(
            f"\r{number}/{len(corpus)} documents, {time.monotonic() - started:.0f} s",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)

    print(f"{len(corpus)} documents (seed {args.seed}); share of fields read exactly")
    print(f"{'variant':<10}" + "".join(f"{f:>11}" for f in FIELDS) + f"{'all five':>11}")
    everything = defaultdict(int)
    for variant in variants:
        n = totals[variant]
        shares = [right[variant][f] / n for f in FIELDS]
        row = f"{variant:<10}" + "".join(f"{share:>10.1%} " for share in shares)
        print(row + f"{_all_five(failures, variant, n):>10.1%}")
        for f in FIELDS:
            everything[f] += right[variant][f]
    ocr_total = sum(totals[v] for v in variants if v in OCR_VARIANTS)
    if ocr_total:
        row = f"{'all OCR':<10}"
        for f in FIELDS:
            row += f"{sum(right[v][f] for v in variants if v in OCR_VARIANTS) / ocr_total:>10.1%} "
        print(row)
    if per_page:
        print(
            f"\nOCR, seconds per page: reading {statistics.median(per_page):.2f} median, "
            f"{_p90(per_page):.2f} p90 ({len(per_page)} files); Tesseract alone "
            f"{statistics.median(tesseract_seconds):.2f} median, {_p90(tesseract_seconds):.2f} "
            f"p90 ({len(tesseract_seconds)} runs); Tesseract's CPU time "
            f"{statistics.median(cpu_per_page):.2f} median, {_p90(cpu_per_page):.2f} p90"
        )
    if args.failures:
        print("\nMisread:")
        for name, field, expected, got, note in failures:
            print(f"  {name} {field}: expected {expected!r}, read {got!r} {note}")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _all_five(failures, variant: str, total: int) -> float:
    wrong = {name for name, *_rest in failures if _variant_of(name) == variant}
    return (total - len(wrong)) / total if total else 0.0


def _variant_of(name: str) -> str:
    stem = name.rsplit(".", 1)
    if stem[1] == "docx":
        return "docx"
    for variant in ("scan300", "scan200", "scan150", "photo"):
        if stem[0].endswith(variant):
            return variant
    return "digital"


def _p90(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(0.9 * len(values)))]


def _file(cache: Path | None, seed: str, document, variant: str, make) -> tuple[str, bytes]:
    if cache is None:
        return make(document)
    folder = cache / f"seed-{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    found = [p for p in folder.glob(f"{document.key}*") if _variant_of(p.name) == variant]
    if found:
        return found[0].name, found[0].read_bytes()
    name, data = make(document)
    (folder / name).write_bytes(data)
    return name, data


if __name__ == "__main__":
    main()
