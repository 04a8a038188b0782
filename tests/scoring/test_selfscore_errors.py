"""A refused self-score shows each problem beside the item it is about, whatever the language
of the interface (errors travel with their row, not inside a Vietnamese sentence)."""

import re

import pytest
from django.conf import settings
from django.utils import translation

from scoring.models import Scorecard
from tests.scoring.test_views import _form_data, _score

pytestmark = pytest.mark.django_db


def test_a_request_in_english_leaves_the_thread_in_vietnamese(client, compiler, scorecard):
    """The chosen language holds for its request only: the next request, or a document built
    afterwards in the same thread, is not in English by accident."""
    client.force_login(compiler)
    client.cookies["django_language"] = "en"
    assert "Save" in client.get(f"/cham-diem/{scorecard.pk}/").text
    assert translation.get_language() == settings.LANGUAGE_CODE


def _row_errors(html: str, code: str) -> list[str]:
    """The error lines inside the table row of item `code`."""
    row = re.search(rf'<tr id="item-\d+" data-testid="item-{re.escape(code)}".*?</tr>', html, re.S)
    assert row, code
    return re.findall(r'data-testid="row-error">([^<]*)<', row.group(0))


@pytest.mark.parametrize(
    ("language", "too_many", "unexplained"),
    [
        ("vi", "điểm 4,00 vượt điểm tối đa 3,00.", "cần giải trình khi chấm điểm"),
        ("en", "4,00 points exceed the maximum of 3,00.", "an explanation is required"),
    ],
)
def test_each_problem_is_shown_beside_its_own_row(
    client, scorecard, compiler, language, too_many, unexplained
):
    client.force_login(compiler)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(
        f"/cham-diem/{scorecard.pk}/",
        # 1.1 is fine; 1.2 is over its maximum; 1.3 claims points with no accepted evidence and
        # no explanation.
        _form_data(scorecard, {"1.1": ("2", "Có hồ sơ."), "1.2": ("4", "x"), "1.3": ("1", "")}),
    )
    assert response.status_code == 400
    html = response.text
    assert _row_errors(html, "1.1") == []
    assert _row_errors(html, "1.2") == [too_many]
    assert [e.startswith(unexplained) for e in _row_errors(html, "1.3")] == [True]
    # Nothing was saved, not even the good row.
    assert _score(scorecard, "1.1").self_points is None
    assert Scorecard.objects.get(pk=scorecard.pk).self_total is None


def test_the_service_refusal_keeps_the_item_with_each_problem(scorecard, compiler):
    """What a page needs to put the service's own refusal beside the row, in English too."""
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from scoring.services import SelfRow, self_score_save

    score = _score(scorecard, "1.2")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        self_score_save(
            scorecard=scorecard,
            user=compiler,
            rows=[SelfRow(score.pk, Decimal("4"), "x", score.version)],
            accepted=set(),
        )
    # The message still names the item, for pages that show it alone (the Excel import).
    with translation.override("en"):
        assert refused.value.messages == ["Item 1.2: 4,00 points exceed the maximum of 3,00."]
        [problem] = refused.value.error_dict["1.2"]
        assert problem.params["problem"] == "4,00 points exceed the maximum of 3,00."
