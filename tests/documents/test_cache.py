"""An unchanged document is served from the cache without rendering; any change renders again."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from criteria.models import Assignment
from criteria.reports.annex import build_annex
from dvcq.documents import doc_cache, services
from dvcq.documents.custom_templates import template_save
from dvcq.documents.models import UnitDocumentSettings
from dvcq.documents.services import ExportOptions
from scoring.models import ItemScore

pytestmark = pytest.mark.django_db
URL = "/van-ban/annex/ba-thanh/2025/"


@pytest.fixture
def counted():
    """The three renderers, each counting its calls (and still rendering)."""
    patches = {
        name: mock.patch.object(services, name, wraps=getattr(services, name))
        for name in ("render_pdf", "render_docx", "render_xlsx")
    }
    mocks = {name.removeprefix("render_"): p.start() for name, p in patches.items()}
    yield mocks
    for p in patches.values():
        p.stop()


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_a_second_download_of_the_same_document_renders_nothing(
    client, compiler, ba_thanh_round, counted, fmt
):
    client.force_login(compiler)
    first = client.get(f"{URL}?format={fmt}")
    second = client.get(f"{URL}?format={fmt}")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert counted[fmt].call_count == 1


def test_a_changed_deadline_renders_again(client, compiler, ba_thanh_round, counted):
    client.force_login(compiler)
    client.get(f"{URL}?format=pdf")
    assignment = Assignment.objects.filter(round=ba_thanh_round).first()
    assignment.deadline = datetime.date(2025, 11, 30)
    assignment.save()
    client.get(f"{URL}?format=pdf")
    assert counted["pdf"].call_count == 2
    client.get(f"{URL}?format=pdf")  # and the new document is kept in turn
    assert counted["pdf"].call_count == 2


def test_the_form_and_the_document_settings_are_part_of_the_key(
    client, compiler, ba_thanh, ba_thanh_round, counted
):
    client.force_login(compiler)
    client.get(f"{URL}?format=pdf")
    client.get(f"{URL}?format=pdf&number=25")
    assert counted["pdf"].call_count == 2
    UnitDocumentSettings.objects.create(unit=ba_thanh, margin_left=25)
    client.get(f"{URL}?format=pdf&number=25")
    assert counted["pdf"].call_count == 3


def test_a_changed_score_renders_the_self_score_report_again(client, compiler, submitted, counted):
    client.force_login(compiler)
    url = "/van-ban/selfscore/ba-thanh/2025/?format=pdf"
    assert client.get(url).status_code == 200
    client.get(url)
    assert counted["pdf"].call_count == 1
    score = ItemScore.objects.filter(scorecard=submitted, self_points__gt=0).first()
    ItemScore.objects.filter(pk=score.pk).update(self_points=score.self_points - Decimal("0.5"))
    client.get(url)
    assert counted["pdf"].call_count == 2


def test_a_new_custom_template_renders_the_docx_again(
    client, compiler, admin_user, ba_thanh_round, counted
):
    from tests.documents.test_export_views import _template_docx

    client.force_login(compiler)
    client.get(f"{URL}?format=docx")
    assert counted["docx"].call_count == 1
    upload = SimpleUploadedFile("mau.docx", _template_docx())
    template_save(kind="annex", upload=upload, user=admin_user)
    with mock.patch("dvcq.documents.custom_templates._render", return_value=b"PK custom") as custom:
        assert client.get(f"{URL}?format=docx").content == b"PK custom"
        client.get(f"{URL}?format=docx")
    assert custom.call_count == 1


def test_keys_differ_across_units_and_formats(ba_thanh_round, an_phu, framework_2025):
    from criteria.services import round_create

    other_round = round_create(unit=an_phu, framework=framework_2025)
    options = ExportOptions(label="Phụ lục I")
    ours = build_annex(ba_thanh_round, options)
    theirs = build_annex(other_round, options)
    assert doc_cache.document_key(ours, "pdf") != doc_cache.document_key(theirs, "pdf")
    assert doc_cache.document_key(ours, "pdf") != doc_cache.document_key(ours, "docx")
    # The same data built twice gives the same key (nothing in it changes from run to run).
    again = build_annex(ba_thanh_round, options)
    assert doc_cache.document_key(ours, "pdf") == doc_cache.document_key(again, "pdf")
