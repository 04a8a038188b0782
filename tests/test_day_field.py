"""Dates are shown and typed dd/mm/yyyy everywhere, whatever the browser's language.

A `type="date"` input would show the browser's own order (mm/dd/yyyy in an English Chromium).
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from dvcq.forms import DayField
from evidence.models import EvidenceRecord
from tests.evidence import files

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("15/10/2026", date(2026, 10, 15)),
        (" 5/3/2026 ", date(2026, 3, 5)),
        ("2026-10-15", date(2026, 10, 15)),
        # typed on a phone's number pad, or with the separators of other habits
        ("12032026", date(2026, 3, 12)),
        ("12-03-2026", date(2026, 3, 12)),
        ("12.03.2026", date(2026, 3, 12)),
    ],
)
def test_a_day_is_read_as_people_write_it(typed, read):
    assert DayField().clean(typed) == read


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/11/2026", "Ngày 31/11/2026 không tồn tại."),
        ("29/02/2026", "Ngày 29/02/2026 không tồn tại."),
        ("10/15/2026", "Ngày 10/15/2026 không tồn tại."),
        ("31112026", "Ngày 31112026 không tồn tại."),
        ("12/03-2026", "“12/03-2026” không phải là ngày (viết dd/mm/yyyy)."),
        ("1232026", "“1232026” không phải là ngày (viết dd/mm/yyyy)."),
        ("mười lăm", "“mười lăm” không phải là ngày (viết dd/mm/yyyy)."),
    ],
)
def test_a_wrong_day_is_named(typed, message):
    with pytest.raises(ValidationError) as refused:
        DayField().clean(typed)
    assert refused.value.messages == [message]


def test_the_assignment_grid_shows_deadlines_dd_mm_yyyy(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    from criteria.services import round_create

    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    assignment = assessment_round.assignments.exclude(deadline=None).first()
    client.force_login(compiler)
    html = client.get(f"/ky-danh-gia/{assessment_round.pk}/", {"sua": assignment.pk}).text
    assert 'type="date"' not in html
    assert f'value="{assignment.deadline:%d/%m/%Y}"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_an_officer_types_the_document_date_dd_mm_yyyy(
    client, ba_thanh, framework_2025, ba_thanh_positions
):
    from criteria.services import round_create
    from dvcq.org.models import Role
    from tests.factories import UserFactory

    assessment_round = round_create(unit=ba_thanh, framework=framework_2025)
    item = assessment_round.assignments.get(item__criterion__number=4, item__number=3)
    officer = UserFactory(
        unit=ba_thanh,
        roles=[Role.OFFICER],
        positions=[ba_thanh_positions["Công chức Văn hóa - Xã hội"]],
    )
    client.force_login(officer)
    page = client.get(f"/minh-chung/noi-dung/{item.pk}/").text
    assert 'type="date"' not in page
    assert 'name="issued_on"' in page and 'placeholder="dd/mm/yyyy"' in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"/minh-chung/noi-dung/{item.pk}/them/",
        {
            "number": "45/KH-UBND",
            "issued_on": "03/02/2026",
            "issuer": "UBND xã Ba Thành",
            "summary": "Kế hoạch tuyên truyền",
            "files": [SimpleUploadedFile("ke-hoach.pdf", files.pdf(), "application/pdf")],
        },
    )
    assert EvidenceRecord.objects.get().issued_on == date(2026, 2, 3)


def test_the_export_form_shows_its_dates_dd_mm_yyyy(
    client, compiler, ba_thanh, framework_2025, ba_thanh_positions
):
    from criteria.services import round_create
    from dvcq.documents.forms import ExportForm

    round_create(unit=ba_thanh, framework=framework_2025)
    client.force_login(compiler)
    html = client.get("/van-ban/annex/ba-thanh/2025/").text
    assert 'name="attachment_date"' in html and 'type="date"' not in html
    form = ExportForm(initial={"attachment_date": date(2025, 2, 3)})
    assert 'value="03/02/2025"' in str(form["attachment_date"])
    # What the compiler types is what the document prints.
    response = client.get("/van-ban/annex/ba-thanh/2025/?format=docx&attachment_date=03/02/2025")
    assert response.status_code == 200
    from io import BytesIO

    from docx import Document

    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "03/02/2025" in text


def test_every_date_field_of_every_form_is_typed_dd_mm_yyyy():
    """No form of the app keeps Django's DateField (whose widget a page could turn into a
    `type="date"` picker in the browser's order): all of them are the one DayField."""
    import importlib
    import inspect

    from django import forms

    modules = [
        "criteria.forms",
        "evidence.forms",
        "scoring.forms",
        "models_dvk.forms",
        "dvcq.documents.forms",
        "dvcq.org.forms",
    ]
    dates, others = [], []
    for name in modules:
        for _, form in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != name:
                continue
            for field_name, field in form.base_fields.items():
                if isinstance(field, forms.DateField):
                    target = dates if isinstance(field, DayField) else others
                    target.append(f"{form.__name__}.{field_name}")
    assert others == []
    assert "RecordForm.issued_on" in dates and len(dates) > 10
