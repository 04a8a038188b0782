"""What the documents of the demo data say, as a reviewer at the province reads them: no demo
wording, a named signer and the full "Nơi nhận", the reviewing body of the round's own year,
the accepted evidence of each item, and columns that add up with the bonus apart."""

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.http import Http404
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from dvcq.documents import registry
from dvcq.documents.models import UnitDocumentSettings
from dvcq.documents.registry import ReportParamsError
from dvcq.documents.services import (
    ExportOptions,
    document_settings_for,
    export_options_defaults,
)
from dvcq.org.models import Unit
from tests.documents.reading import docx_paragraphs, docx_table_rows, pdf_text

# "gương mẫu" (exemplary) and "biểu mẫu" (forms) are the documents' own words.
DEMO_WORDING = re.compile(r"dữ liệu mẫu|giả định|(?<!gương )(?<!biểu )mẫu", re.IGNORECASE)


def _render(kind_name: str, unit: Unit, year: int, fmt: str = "docx") -> bytes:
    """As `render_report` (the command) renders it: the issuer's saved settings."""
    kind = registry.get(kind_name)
    source = kind.source(unit, year, {})
    options = export_options_defaults(
        document_settings_for(kind.issuing_unit(unit, source)),
        kind.default_style,
        kind.default_symbol,
    )
    options.label = kind.default_label
    return kind.render(source, options, fmt)[2]


def _docx_text(content: bytes) -> list[str]:
    document = Document(BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return [t for t in texts if t.strip()]


def test_no_document_of_the_demo_data_carries_demo_wording(client, demo):
    rendered = 0
    for kind in registry.all_kinds():
        for code in ("ba-thanh", "quang-ngai", "ba-to"):
            for year in (2024, 2025, 2026):
                try:
                    content = _render(kind.kind, Unit.objects.get(code=code), year)
                except (Http404, ReportParamsError):
                    continue
                rendered += 1
                found = [t for t in _docx_text(content) if DEMO_WORDING.search(t)]
                assert not found, (kind.kind, code, year, found[:2])
    assert rendered >= 15


@pytest.mark.parametrize("code", ["quang-ngai", "ba-to", "ba-thanh", "an-phu", "ly-son"])
def test_each_demo_unit_signs_with_a_name_and_a_full_recipient_list(client, demo, code):
    settings = UnitDocumentSettings.objects.get(unit__code=code)
    assert settings.admin_signer_name.strip()
    assert settings.party_signer_name.strip()
    recipients = [line for line in settings.recipients.splitlines() if line.strip()]
    assert len(recipients) >= 8  # seed 004 lists eight
    assert recipients[-1].startswith("Lưu")


def test_the_documents_print_the_signer_and_every_recipient(client, demo):
    settings = UnitDocumentSettings.objects.get(unit=demo.ba_thanh)
    recipients = [line.strip() for line in settings.recipients.splitlines() if line.strip()]
    docx_text = "\n".join(_docx_text(_render("selfscore", demo.ba_thanh, 2024)))
    pdf = pdf_text(_render("selfscore", demo.ba_thanh, 2024, "pdf"))
    for text in (docx_text, pdf):
        assert settings.admin_signer_name in text
        for line in recipients:
            assert line.rstrip(".;") in text, line
    review = "\n".join(_docx_text(_render("review", demo.ba_thanh, 2024)))
    assert "Lê Văn Hòa" in review  # the district's chairman signs its 2024 notice
    assert "Phòng Nội vụ huyện" in review


def test_each_round_names_the_reviewing_body_of_its_own_year(client, demo):
    # The commune's parent today is the province; its 2024 round was the district's.
    assert demo.ba_thanh.parent == demo.province
    text_2024 = docx_paragraphs(_render("selfscore", demo.ba_thanh, 2024))
    text_2026 = docx_paragraphs(_render("selfscore", demo.ba_thanh, 2026))
    assert any("kính đề nghị UBND huyện xem xét, thẩm định" in t for t in text_2024)
    assert any("kính đề nghị UBND tỉnh xem xét, thẩm định" in t for t in text_2026)
    plan = docx_paragraphs(_render("plan", demo.ba_thanh, 2025))
    assert any("huyện chấm đạt 85,00 điểm" in t for t in plan)
    assert not any("tỉnh chấm" in t for t in plan)
    # The district's results of 2024 list the commune; the province's do not.
    district = Unit.objects.get(code="ba-to")
    rows = docx_table_rows(_render("results", district, 2024))
    assert [r[1] for r in rows[1:]] == ["Xã Ba Thành"]
    with pytest.raises(Http404):
        registry.get("results").resolve(demo.province, 2024)


def test_a_round_opened_by_the_compiler_records_the_parent_as_reviewer(client, demo):
    from criteria.models import AssessmentRound

    round_2026 = AssessmentRound.objects.get(unit=demo.ba_thanh, framework__year=2026)
    assert round_2026.reviewing_unit == demo.province
    round_2024 = AssessmentRound.objects.get(unit=demo.ba_thanh, framework__year=2024)
    assert round_2024.reviewing_unit.code == "ba-to"
    assert round_2024.reviewer.get_kind_display().startswith("Cấp huyện")


def _xlsx_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(BytesIO(content)).active
    return [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]


def _number(value) -> Decimal:
    assert value is None or isinstance(value, int | float), value  # stored as a number
    return Decimal(str(value or 0))


def test_the_self_score_spreadsheet_cites_the_accepted_records(client, demo):
    rows = _xlsx_rows(_render("selfscore", demo.ba_thanh, 2024, "xlsx"))
    by_code = {str(r[0]): r for r in rows if r[0] is not None}
    assert by_code["6.1"][4] == (
        "- 15/QĐ-UBND ngày 05/03/2024: Quyết định ban hành Quy chế văn hóa công sở tại UBND "
        "xã Ba Thành"
    )
    assert by_code["1.1"][4] in (None, "")  # nothing accepted: the note says where it is kept
    cited = [r for r in rows if re.fullmatch(r"\d+\.\d+", str(r[0])) and r[4]]
    assert len(cited) == 13  # every item backed by an accepted record


def _check_columns(rows: list[tuple], columns: list[int]) -> None:
    """Items add up to their criterion, criteria to "Cộng điểm các tiêu chí", that and the
    bonus line to "Tổng cộng"."""
    labels = [str(r[1] or "") for r in rows]
    main = rows[labels.index("Cộng điểm các tiêu chí")]
    bonus = rows[labels.index("Điểm thưởng")]
    total = next(r for r, label in zip(rows, labels, strict=True) if label.startswith("Tổng"))
    criteria = [r for r in rows if re.fullmatch(r"\d+", str(r[0] or ""))]
    assert len(criteria) == 10
    for column in columns:
        assert sum(_number(r[column]) for r in criteria) == _number(main[column]), column
        assert _number(main[column]) + _number(bonus[column]) == _number(total[column]), column


def test_every_column_of_the_self_score_adds_up_with_the_bonus_apart(client, demo):
    rows = _xlsx_rows(_render("selfscore", demo.ba_thanh, 2024, "xlsx"))
    _check_columns(rows, [2, 3])
    labels = [str(r[1] or "") for r in rows]
    assert rows[labels.index("Cộng điểm các tiêu chí")][2:4] == (100, 94)
    assert rows[labels.index("Điểm thưởng")][2] == 5
    # Criterion 10 is worth 11,00 without its bonus item, and its items add up to it.
    criterion_10 = next(i for i, r in enumerate(rows) if str(r[0]) == "10")
    items = [r for r in rows[criterion_10 + 1 :] if str(r[0]).startswith("10.")]
    assert _number(rows[criterion_10][2]) == Decimal("11")
    assert sum(_number(r[2]) for r in items if r[0] != "10.2") == Decimal("11")
    for start, row in enumerate(rows):
        if re.fullmatch(r"\d+", str(row[0] or "")):
            number = str(row[0])
            items = [
                r
                for r in rows[start + 1 :]
                if str(r[0] or "").startswith(f"{number}.") and r[0] != "10.2"
            ]
            assert sum(_number(r[2]) for r in items) == _number(row[2]), number
            assert sum(_number(r[3]) for r in items) == _number(row[3]), number


def test_every_column_of_the_review_adds_up_with_the_bonus_apart(client, demo):
    rows = _xlsx_rows(_render("review", demo.ba_thanh, 2024, "xlsx"))
    _check_columns(rows, [2, 3, 4, 5])
    labels = [str(r[1] or "") for r in rows]
    assert rows[labels.index("Cộng điểm các tiêu chí")][4] == 85


def test_a_claimed_bonus_is_its_own_line_on_page_and_paper(client, demo):
    from scoring.models import ItemScore, Scorecard
    from scoring.services import store_totals

    card = Scorecard.objects.get(round__unit__code="cam-thanh", round__framework__year=2025)
    ItemScore.objects.filter(scorecard=card, item__is_bonus=True).update(
        self_points=Decimal("5"), review_points=Decimal("4")
    )
    store_totals(card)
    card.refresh_from_db()
    rows = _xlsx_rows(_render("review", Unit.objects.get(code="cam-thanh"), 2025, "xlsx"))
    _check_columns(rows, [2, 3, 4, 5])
    criterion_10 = next(r for r in rows if str(r[0]) == "10")
    assert criterion_10[2:4] == (11, 11)  # not 16,00 of 11,00
    assert rows[[str(r[1]) for r in rows].index("Điểm thưởng")][2:5] == (5, 5, 4)
    assert card.self_total == Decimal("104.00")  # 99 + 5: the bonus counts, apart

    client.force_login(demo.reviewer)
    page = client.get(reverse("scoring:detail", args=[card.pk])).text
    bonus_row = page.split('data-testid="bonus-total"', 1)[1].split("</tr>", 1)[0]
    assert "5,00" in bonus_row and "4,00" in bonus_row
    main_row = page.split('data-testid="main-total"', 1)[1].split("</tr>", 1)[0]
    assert "99,00" in main_row
    heat = client.get(reverse("scoring:dashboard") + "?year=2025").text
    row = heat.split('data-testid="heat-table"', 1)[1].split('data-unit="cam-thanh"', 1)[1]
    assert '<td class="text-end" data-col="bonus">4,00</td>' in row.split("</tr>", 1)[0]


def test_the_self_score_builder_reads_the_evidence_in_one_query(
    client, demo, django_assert_num_queries
):
    source = registry.get("selfscore").resolve(demo.ba_thanh, 2024)
    with django_assert_num_queries(6):
        registry.get("selfscore").build(source, ExportOptions(symbol="BC-UBND"))
    source = registry.get("selfscore").resolve(demo.ba_thanh, 2026)
    with django_assert_num_queries(6):
        registry.get("selfscore").build(source, ExportOptions(symbol="BC-UBND"))
