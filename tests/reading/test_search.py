"""Searching evidence: with or without diacritics, by number or date, over the record's fields
and its files' text, within what the person may see. Runs on SQLite (FTS5) and PostgreSQL
(unaccent + tsvector) alike."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from dvcq.org.models import Role
from dvcq.reading.reader import DocumentReading
from evidence import services
from tests.evidence import files
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "kind": "Kế hoạch",
    "number": "45/KH-UBND",
    "issued_on": date(2025, 3, 12),
    "issuer": "UBND xã Ba Thành",
    "summary": "Tuyên truyền, nhân rộng các mô hình “Dân vận khéo” năm 2025",
}


def _file(assignment, user, marker="ke hoach", name="ke-hoach.pdf", **fields):
    """A record filed with one file whose bytes hold `marker` (what the fake reader reads)."""
    return services.record_file(
        assignment=assignment,
        user=user,
        fields={**FIELDS, **fields},
        upload=ContentFile(files.pdf(marker), name=name),
    ).file.record


@pytest.fixture
def plan(officer, item_4_3, reader, run_jobs):
    with run_jobs():
        return _file(item_4_3, officer)


@pytest.fixture
def report(compiler, ba_thanh_round, reader, run_jobs):
    reader.answers[b"bao cao"] = DocumentReading(
        text="BÁO CÁO\nKết quả tiếp công dân và giải quyết khiếu nại năm 2025", pages=1
    )
    item = ba_thanh_round.assignments.get(item__criterion__number=9, item__number=1)
    with run_jobs():
        return _file(
            item,
            compiler,
            "bao cao",
            name="bao-cao.pdf",
            kind="Báo cáo",
            number="12/BC-UBND",
            issued_on=date(2025, 6, 30),
            summary="Báo cáo kết quả công tác tiếp công dân sáu tháng đầu năm 2025",
        )


def _search(client, q, **params):
    response = client.get("/tim-kiem/", {"q": q, **params})
    assert response.status_code == 200
    return response


def _found(client, q, **params):
    return [hit.record for hit in _search(client, q, **params).context["hits"]]


def test_words_are_found_with_or_without_diacritics(client, officer, plan, report):
    client.force_login(officer)
    for q in ("tuyen truyen", "Tuyên truyền", "TUYÊN TRUYỀN", "tuyên truyen"):
        assert _found(client, q) == [plan], q
    # "đ" is typed "d"; the words come from the file's text here, not from the record's fields.
    assert _found(client, "dang uy chi dao") == [plan]
    assert _found(client, "Đảng ủy chỉ đạo") == [plan]
    assert _found(client, "tiep cong dan") == [report]
    assert _found(client, "tuyen truyen khieu nai") == []  # every word must be there


def test_a_document_number_is_found_whole_or_in_part(client, officer, plan, report):
    client.force_login(officer)
    assert _found(client, "45/KH-UBND") == [plan]
    assert _found(client, "45/kh-ubnd") == [plan]
    assert _found(client, "45/KH") == [plan]
    assert _found(client, "12/BC-UBND") == [report]
    assert _found(client, "46/KH-UBND") == []
    assert _found(client, "KH-UBND") == [plan]


def test_a_date_is_found_as_typed_or_as_the_document_writes_it(
    client, officer, item_4_3, plan, report, reader, run_jobs
):
    reader.answers[b"ngay"] = DocumentReading(
        text="Ba Thành, ngày 30 tháng 6 năm 2025\nThông báo lịch tiếp công dân", pages=1
    )
    with run_jobs():
        undated = _file(item_4_3, officer, "ngay", name="tb.pdf", issued_on=None, number="")
    client.force_login(officer)
    assert _found(client, "12/03/2025") == [plan]
    assert _found(client, "12/3/2025") == [plan]
    assert _found(client, "12-03-2025") == [plan]
    assert set(_found(client, "30/06/2025")) == {report, undated}
    assert _found(client, "31/06/2025") == []  # no such day: nothing, and no error


def test_matching_lines_are_shown_marked_with_their_file_and_page(client, officer, plan):
    client.force_login(officer)
    page = _search(client, "chi dao").text
    stored = plan.files.get()
    assert f'href="/minh-chung/tep/{stored.pk}/?inline=1#page=2"' in page
    assert "ke-hoach.pdf, tr. 2" in page
    # "chi" without its mark is also the word "chỉ" typed without diacritics.
    assert "Đảng ủy xã <mark>chỉ đạo</mark> các <mark>chi</mark> bộ" in page
    # The record's own fields are marked too, and its item named.
    assert "<mark>Tuyên</mark>" not in page  # not searched for
    page = _search(client, "tuyen truyen").text
    assert "<mark>Tuyên truyền</mark>, nhân rộng" in page
    assert ">4.3</a>" in page


def test_nobody_finds_another_communes_evidence(
    client, plan, an_phu, framework_2025, other_reviewer
):
    from criteria.services import round_create
    from dvcq.org.services import unit_add_default_positions

    unit_add_default_positions(unit=an_phu)
    an_phu_round = round_create(unit=an_phu, framework=framework_2025)
    stranger = UserFactory(unit=an_phu, roles=[Role.COMPILER])
    theirs = services.record_create(
        assignment=an_phu_round.assignments.get(item__criterion__number=4, item__number=3),
        user=stranger,
        **{**FIELDS, "number": "7/KH-UBND"},
    )
    client.force_login(stranger)
    assert _found(client, "tuyen truyen") == [theirs]
    assert _found(client, "45/KH-UBND") == []
    # Naming Ba Thành's round in the search finds nothing either.
    assert _found(client, "tuyen truyen", ky=plan.round_id) == []
    client.force_login(other_reviewer)
    assert _found(client, "tuyen truyen") == []


def test_a_reviewer_finds_the_evidence_of_the_units_below(client, plan, reviewer, ba_thanh):
    client.force_login(reviewer)
    assert _found(client, "tuyen truyen") == [plan]
    # A reviewer's own unit's people without the reviewer role see only their own unit.
    client.force_login(UserFactory(unit=reviewer.unit, roles=[Role.COMPILER]))
    assert _found(client, "tuyen truyen") == []


def test_deleted_records_are_not_found_until_restored(client, compiler, plan):
    client.force_login(compiler)
    services.record_delete(record=plan, user=compiler)
    assert _found(client, "tuyen truyen") == []
    services.record_restore(record=plan)
    assert _found(client, "tuyen truyen") == [plan]


def test_a_corrected_record_is_found_by_its_new_words(client, officer, plan):
    client.force_login(officer)
    client.post(
        f"/minh-chung/tai-lieu/{plan.pk}/sua/",
        {**FIELDS, "issued_on": "12/03/2025", "number": "99/KH-UBND"},
    )
    assert _found(client, "99/KH-UBND") == [plan]
    assert _found(client, "45/KH-UBND") == [plan]  # still in the file's text


def test_the_search_box_of_a_round_searches_that_round(
    client, officer, plan, item_4_3, framework_2025, ba_thanh
):
    from criteria.services import framework_copy, round_create

    later = round_create(
        unit=ba_thanh, framework=framework_copy(framework=framework_2025, year=2026)
    )
    services.record_create(
        assignment=later.assignments.get(item__criterion__number=4, item__number=3),
        user=officer,
        **{**FIELDS, "number": "3/KH-UBND"},
    )
    client.force_login(officer)
    assert len(_found(client, "tuyen truyen")) == 2
    assert _found(client, "tuyen truyen", ky=plan.round_id) == [plan]
    for url in (
        f"/minh-chung/noi-dung/{item_4_3.pk}/",
        f"/minh-chung/tai-lieu/{plan.pk}/",
        f"/minh-chung/ky/{plan.round_id}/",
        f"/ky-danh-gia/{plan.round_id}/",
    ):
        page = client.get(url).text
        assert 'data-testid="round-search"' in page, url
        assert f'name="ky" value="{plan.round_id}"' in page, url


def test_results_come_a_page_at_a_time_in_a_fixed_number_of_queries(
    client, officer, item_4_3, reader, run_jobs, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    counts = []
    for total in (3, 25):
        while item_4_3.evidence_records.count() < total:
            n = item_4_3.evidence_records.count()
            with run_jobs():
                _file(item_4_3, officer, f"ke hoach {n}", name=f"kh-{n}.pdf", number=f"{n}/KH")
        with CaptureQueriesContext(connection) as queries:
            response = _search(client, "tuyen truyen")
        counts.append(len(queries))
        assert response.context["page"].paginator.count == total
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(9):
        second = _search(client, "tuyen truyen", page=2)
    assert len(second.context["hits"]) == 5 and 'rel="prev"' in second.text


def test_an_empty_or_odd_query_finds_nothing_without_error(client, officer, plan):
    client.force_login(officer)
    assert client.get("/tim-kiem/").status_code == 200
    for q in ('"', "***", "AND OR NOT", "(", "'", "-", "tuyen* OR"):
        response = client.get("/tim-kiem/", {"q": q})
        assert response.status_code == 200, q
    assert _found(client, '"nhân rộng các mô hình"') == [plan]
    assert _found(client, '"mô hình nhân rộng"') == []


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/tim-kiem/", {"q": "tuyen truyen"})
    assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"]


def test_a_file_is_found_by_its_name_even_before_it_is_read(client, officer, item_4_3, reader):
    services.record_file(
        assignment=item_4_3,
        user=officer,
        fields={**FIELDS, "summary": "Biên bản"},
        upload=ContentFile(files.pdf("x"), name="bien-ban-hop-dan.pdf"),
    )
    client.force_login(officer)
    assert len(_found(client, "bien ban hop dan")) == 1


def test_characters_the_database_spells_out_do_not_break_the_query(client, officer, plan):
    # PostgreSQL's unaccent writes "⑴" as "(1)": inside a tsquery that was a syntax error (500).
    client.force_login(officer)
    for q in ("ab⑴", "tuyen⑵ truyen", "⒇", '"nhân⑴ rộng"', "45/KH⑴-UBND", "NEAR(tuyen truyen)"):
        assert client.get("/tim-kiem/", {"q": q}).status_code == 200, q
    assert _found(client, "tuyen truyen ⑴") == []


def test_text_read_from_a_file_is_escaped_around_the_marks(
    client, officer, item_4_3, reader, run_jobs
):
    reader.answers[b"doc hai"] = DocumentReading(
        text='Kế hoạch <script>alert("tuyên truyền")</script> <img src=x onerror=alert(1)>',
        pages=1,
    )
    with run_jobs():
        _file(item_4_3, officer, "doc hai", summary='<b onmouseover="x">tuyên truyền</b>')
    client.force_login(officer)
    page = _search(client, "tuyen truyen script img").text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b onmouseover" not in page
    assert "&lt;<mark>script</mark>&gt;alert(&quot;<mark>tuyên truyền</mark>&quot;)" in page
    assert "&lt;b onmouseover=&quot;x&quot;&gt;<mark>tuyên truyền</mark>" in page
