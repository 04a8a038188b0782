"""Searching evidence: the one module that knows how each database does it.

The indexed text of a record (`SearchDocument.body`) is its fields and the text read from its
current files, cut into words (dvcq/reading/matching.py: "45/KH-UBND" → "45 KH UBND", "đ" → "d").

- PostgreSQL: `vector = to_tsvector('simple', unaccent(body))`, written with the body (unaccent()
  is not IMMUTABLE, so it cannot serve an index expression; the stored vector can), a GIN index
  on it, queries as phraseto_tsquery of each word or phrase, joined by "&&" and "||".
- SQLite: an FTS5 table `reading_fts` (tokenizer unicode61 remove_diacritics 2), rowid = the
  record's id, written beside the document in the same transaction.

Both are made by migration 0002 on their own database only. Everything else (the views, the
reading jobs, the evidence services) calls `index_records` and `search` and never asks which.
"""

import operator
from dataclasses import dataclass, field
from functools import reduce

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, Func, Prefetch, QuerySet, Value
from django.db.models.expressions import RawSQL

from evidence.models import EvidenceFile, EvidenceRecord

from .matching import Line, Query, matching_lines, parse_query, search_text
from .models import ReadingStatus, SearchDocument

FTS_TABLE = "reading_fts"
# The most text of one record the index holds: PostgreSQL refuses a tsvector over 1 MB, and a
# word's position past 16383 is no longer exact. About 60 pages of a typed document.
MAX_BODY = 200_000
LINES_PER_RESULT = 3


def _postgres() -> bool:
    return connection.vendor == "postgresql"


# --- writing the index ------------------------------------------------------------------


def record_body(record: EvidenceRecord, texts: list[str]) -> str:
    day = record.issued_on
    parts = [record.kind, record.number, record.issuer, record.summary]
    if day:
        parts += [f"{day:%d/%m/%Y}", f"{day.day}/{day.month}/{day.year}"]
    parts += texts
    return search_text("\n".join(p for p in parts if p))[:MAX_BODY]


def _file_texts(record: EvidenceRecord) -> list[str]:
    """Each current file's name, and its text once read."""
    texts = []
    for stored in record.current_files:
        texts.append(stored.original_name)
        reading = getattr(stored, "reading", None)
        if reading is not None and reading.status == ReadingStatus.DONE:
            texts.append(reading.text)
    return texts


def index_records(record_ids) -> None:
    """Write the search text of these records (their fields, current files' names and text) and
    the database's index of it. Three queries and two per record; deleted records are indexed too
    (the search leaves them out), so a restore finds them again."""
    ids = list(record_ids)
    if not ids:
        return
    files = EvidenceFile.objects.filter(replaced_by__isnull=True).select_related("reading")
    records = EvidenceRecord.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("files", queryset=files, to_attr="current_files")
    )
    bodies = {record.pk: record_body(record, _file_texts(record)) for record in records}
    for pk, body in bodies.items():
        SearchDocument.objects.update_or_create(record_id=pk, defaults={"body": body})
    if _postgres():
        SearchDocument.objects.filter(pk__in=list(bodies)).update(
            vector=SearchVector(Func(F("body"), function="unaccent"), config="simple")
        )
    else:
        with connection.cursor() as cursor:
            marks = ",".join(["%s"] * len(bodies))
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", list(bodies))
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (%s, %s)", list(bodies.items())
            )


def index_missing(*, chunk: int = 200) -> int:
    """Index the records that have no search text yet (filed before the search existed);
    their number."""
    ids = list(
        EvidenceRecord.objects.filter(search_document__isnull=True).values_list("pk", flat=True)
    )
    for start in range(0, len(ids), chunk):
        index_records(ids[start : start + chunk])
    return len(ids)


# --- searching ----------------------------------------------------------------------------


def _postgres_query(query: Query) -> SearchQuery:
    """Each word and phrase its own phraseto_tsquery of unaccent(text), joined by && and ||.

    Never one to_tsquery string with the operators in it: unaccent runs on the text after our
    quoting and writes some letters as punctuation ("⑴" → "(1)"), which broke its syntax.
    phraseto_tsquery reads plain text, so nothing typed is syntax."""

    def phrase(words) -> SearchQuery:
        text = Func(Value(" ".join(words)), function="unaccent")
        return SearchQuery(text, config="simple", search_type="phrase")

    parts = [phrase([w]) for w in query.words] + [phrase(p) for p in query.phrases]
    if query.alternatives:
        parts.append(reduce(operator.or_, (phrase(p) for p in query.alternatives)))
    return reduce(operator.and_, parts)


def _sqlite_query(query: Query) -> str:
    # Every word is made of letters and digits only (matching.WORD), so quoting is all it needs.
    def phrase(words) -> str:
        return '"' + " ".join(words) + '"'

    parts = [phrase([w]) for w in query.words] + [phrase(p) for p in query.phrases]
    if query.alternatives:
        parts.append("(" + " OR ".join(phrase(p) for p in query.alternatives) + ")")
    return " AND ".join(parts)


def _matching(records: QuerySet, query: Query) -> QuerySet:
    """`records` that match, best first (then the newest document first)."""
    if _postgres():
        tsquery = _postgres_query(query)
        return (
            records.filter(search_document__vector=tsquery)
            .annotate(rank=SearchRank(F("search_document__vector"), tsquery))
            .order_by("-rank", F("issued_on").desc(nulls_last=True), "-pk")
        )
    match = _sqlite_query(query)
    table = EvidenceRecord._meta.db_table
    return (
        records.filter(
            pk__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
        )
        .annotate(
            # bm25() is lower for a better match.
            rank=RawSQL(
                f"SELECT -bm25({FTS_TABLE}) FROM {FTS_TABLE} "
                f'WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = "{table}"."id"',
                [match],
                output_field=FloatField(),
            )
        )
        .order_by("-rank", F("issued_on").desc(nulls_last=True), "-pk")
    )


def search(user, raw: str, *, round_id: int | None = None) -> tuple[Query, QuerySet]:
    """The records `user` may see (EvidenceRecord.objects.for_user, not deleted) that match
    `raw`, best first: words with or without diacritics, a number ("45/KH-UBND") or a date."""
    query = parse_query(raw)
    records = EvidenceRecord.objects.for_user(user).alive()
    if round_id is not None:
        records = records.filter(round=round_id)
    if query.empty:
        return query, records.none()
    return query, _matching(records.select_related("round__unit", "round__framework"), query)


@dataclass
class FileLine:
    file: EvidenceFile
    line: Line


@dataclass
class Hit:
    """A record found, with what to show of it."""

    record: EvidenceRecord
    lines: list[FileLine] = field(default_factory=list)


def hits(records, query: Query) -> list[Hit]:
    """The page's records with their items and their best matching lines (two queries)."""
    records = list(records)
    ids = [r.pk for r in records]
    assignments = {pk: [] for pk in ids}
    through = EvidenceRecord.assignments.through.objects.filter(
        evidencerecord_id__in=ids
    ).select_related("assignment__item__criterion")
    for row in through.order_by("assignment__item__criterion__number", "assignment__item__number"):
        assignments[row.evidencerecord_id].append(row.assignment)
    files = (
        EvidenceFile.objects.filter(record__in=ids, replaced_by__isnull=True)
        .select_related("reading")
        .order_by("uploaded_at", "pk")
    )
    parts = query.parts()
    lines: dict[int, list[FileLine]] = {pk: [] for pk in ids}
    for stored in files:
        reading = getattr(stored, "reading", None)
        if reading is None or reading.status != ReadingStatus.DONE:
            continue
        for line in matching_lines(
            reading.text, parts, page_starts=reading.page_starts, limit=LINES_PER_RESULT
        ):
            lines[stored.record_id].append(FileLine(stored, line))
    found = []
    for record in records:
        record.found_assignments = assignments[record.pk]
        best = sorted(lines[record.pk], key=lambda fl: -fl.line.hits)[:LINES_PER_RESULT]
        found.append(Hit(record, best))
    return found
