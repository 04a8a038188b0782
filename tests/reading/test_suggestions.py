"""Which item a file most likely supports, said with the words that made the choice; the
officer accepts a suggestion (the record is linked to the item) or ignores it."""

import pytest

from dvcq.reading.suggest import suggest
from evidence.models import EvidenceRecord
from tests.evidence import files
from tests.reading.conftest import file_record, upload

pytestmark = pytest.mark.django_db


def _items(assessment_round):
    return [
        (a.pk, f"{a.item.text}\n{a.action}")
        for a in assessment_round.assignments.select_related("item")
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("KẾ HOẠCH Tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo”", "4.3"),
        ("QUYẾT ĐỊNH ban hành Quy chế chi tiêu nội bộ năm 2025", "8.1"),
        ("Lịch làm việc định kỳ với Mặt trận Tổ quốc và các đoàn thể", "7.3"),
        ("Kế hoạch phòng, chống tham nhũng, lãng phí, thực hành tiết kiệm", "2.2"),
        ("Nội quy và lịch tiếp công dân của UBND xã", "9.1"),
    ],
)
def test_the_item_a_document_is_about_comes_first(ba_thanh_round, text, code):
    found = suggest(text, _items(ba_thanh_round))
    best = ba_thanh_round.assignments.get(pk=found[0]["assignment"])
    assert best.item.code == code
    assert found[0]["words"] and 0 < found[0]["score"] <= 1


def test_the_shared_words_are_shown_as_the_item_writes_them(ba_thanh_round):
    (first, *_rest) = suggest(
        "Kế hoạch tuyên truyền trên các phương tiện thông tin đại chúng", _items(ba_thanh_round)
    )
    assert "phương tiện thông tin đại chúng" in first["words"]


def test_a_document_about_nothing_in_the_round_suggests_nothing(ba_thanh_round):
    assert suggest("Giấy mời họp phụ huynh học sinh lớp 5", _items(ba_thanh_round)) == []
    assert suggest("", _items(ba_thanh_round)) == []


def test_the_record_page_suggests_other_items_and_the_officer_accepts_one(
    client, officer, ba_thanh_round, item_4_3, reader, run_jobs
):
    # Filed for 3.4 (also the officer's item), the plan is about 4.3.
    item_3_4 = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=4)
    client.force_login(officer)
    with run_jobs():
        file_record(client, item_3_4, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    record = EvidenceRecord.objects.get()
    page = client.get(f"/minh-chung/tai-lieu/{record.pk}/")
    (first, *_rest) = page.context["suggestions"]
    assert first["assignment"] == item_4_3 and first["may_accept"]
    assert 'data-testid="accept-suggestion"' in page.text and "cùng có" in page.text
    client.post(f"/minh-chung/tai-lieu/{record.pk}/lien-ket/", {"assignments": [item_4_3.pk]})
    assert set(record.assignments.all()) == {item_3_4, item_4_3}
    # Accepted: no longer suggested.
    page = client.get(f"/minh-chung/tai-lieu/{record.pk}/")
    assert item_4_3 not in [s["assignment"] for s in page.context["suggestions"]]


def test_a_suggestion_the_person_may_not_accept_is_shown_without_the_button(
    client, officer, reviewer, item_4_3, ba_thanh_round, reader, run_jobs
):
    item_3_4 = ba_thanh_round.assignments.get(item__criterion__number=3, item__number=4)
    client.force_login(officer)
    with run_jobs():
        file_record(client, item_3_4, upload("ke-hoach.pdf", files.pdf("ke hoach")))
    record = EvidenceRecord.objects.get()
    client.force_login(reviewer)
    page = client.get(f"/minh-chung/tai-lieu/{record.pk}/")
    assert page.context["suggestions"] and 'data-testid="accept-suggestion"' not in page.text
    assert (
        client.post(
            f"/minh-chung/tai-lieu/{record.pk}/lien-ket/", {"assignments": [item_4_3.pk]}
        ).status_code
        == 403
    )


def test_the_suggestions_an_officer_sees_cost_the_same_queries_for_one_item_or_ten(
    ba_thanh_round, officer, django_assert_num_queries
):
    """Whether the officer may accept each suggestion (their own items) is read once, not per
    item."""
    from dvcq.org.models import User
    from dvcq.reading.selectors import suggestions_shown

    pks = list(ba_thanh_round.assignments.order_by("pk").values_list("pk", flat=True)[:10])
    stored = [{"assignment": pk, "score": 0.5, "words": ["kế hoạch"]} for pk in pks]
    for wanted in (stored[:1], stored):
        user = User.objects.get(pk=officer.pk)  # as a request loads it
        with django_assert_num_queries(5):
            shown = suggestions_shown(wanted, ba_thanh_round.pk, user=user)
        assert len(shown) == len(wanted)
    mine = [s["may_accept"] for s in shown]
    assert True in mine and False in mine  # the officer's own items and the others
