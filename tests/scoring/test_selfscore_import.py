"""The self-score sheet's import speaks of items, not cells: every problem names the item and
the column's header (then the row, to find it in the file); the preview shows the total as it
stands and as it will be."""

from decimal import Decimal as D

import pytest

from scoring.models import Scorecard
from tests.factories import score_all
from tests.scoring.test_views import _row_of, _score, _sheet, _upload

pytestmark = pytest.mark.django_db


def _problems(response) -> list[str]:
    assert response.status_code == 400
    return response.context["errors"]


def test_a_missing_explanation_names_the_item_and_the_explanation_column(
    client, scorecard, compiler
):
    client.force_login(compiler)
    book = _sheet(client, scorecard)
    row = _row_of(book["Tự chấm"], "3.2")
    row[3].value = 2
    row[4].value = None
    assert _problems(_upload(client, scorecard, book)) == [
        f"Nội dung 3.2 (dòng {row[0].row}), cột “Giải trình”: chấm 2,00 điểm nhưng minh chứng "
        "chưa “Đạt”: cần giải trình."
    ]


def test_a_repeated_item_and_an_unknown_code_are_named(client, scorecard, compiler):
    client.force_login(compiler)
    book = _sheet(client, scorecard)
    sheet = book["Tự chấm"]
    first = _row_of(sheet, "1.1")
    twice = _row_of(sheet, "1.2")
    twice[0].value = "1.1"
    unknown = _row_of(sheet, "1.3")
    unknown[0].value = "9.9"
    assert _problems(_upload(client, scorecard, book)) == [
        f"Nội dung 1.1 (dòng {twice[0].row}): trùng với dòng {first[0].row}.",
        f"Dòng {unknown[0].row}, cột “Mã nội dung”: không có nội dung “9.9” trong khung tiêu "
        "chí năm 2025.",
    ]


def test_every_problem_of_a_row_is_named_by_its_item_in_english_too(client, scorecard, compiler):
    client.force_login(compiler)
    client.cookies["django_language"] = "en"
    book = _sheet(client, scorecard)
    row = _row_of(book["Tự chấm"], "1.2")
    row[3].value = "ba"
    [problem] = _problems(_upload(client, scorecard, book))
    assert problem.startswith(f"Item 1.2 (row {row[0].row}), column “Điểm tự chấm”: ")


def test_the_preview_shows_the_current_and_the_new_total(client, scorecard, compiler):
    score_all(scorecard, compiler)
    current = Scorecard.objects.get(pk=scorecard.pk).self_total
    client.force_login(compiler)
    book = _sheet(client, scorecard)
    sheet = book["Tự chấm"]
    _row_of(sheet, "3.2")[3].value = 2.25  # 3,00 before
    _row_of(sheet, "1.1")[3].value = 2  # 3,00 before
    response = _upload(client, scorecard, book)
    assert response.status_code == 200
    new = current - D("0.75") - D("1")
    assert response.context["new_total"] == new
    totals = response.text.split('data-testid="preview-totals">')[1].split("</p>")[0]
    points = f"{new:.2f}".replace(".", ",")
    assert f"hiện tại {current:.2f}".replace(".", ",") in totals
    assert f"<strong>{points}</strong>" in totals
    assert _score(scorecard, "3.2").self_points == D("3.00")  # nothing saved before confirming
    done = client.post(
        f"/cham-diem/{scorecard.pk}/nhap-excel/", {"token": response.context["token"]}
    )
    assert done.status_code == 302
    assert Scorecard.objects.get(pk=scorecard.pk).self_total == new  # what the preview said
