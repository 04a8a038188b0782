"""The campaign and registration pages: who may see and change what, and the rules a user
meets in the forms."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from models_dvk.models import Campaign, DvkModel, ModelDocument, Origin, Step
from models_dvk.services.lifecycle import model_step
from tests.dvk.campaign_fixtures import model_data
from tests.evidence import files

pytestmark = pytest.mark.django_db


def _form(model, **changes) -> dict:
    data = {
        "participant": model.participant_id,
        "name": model.name,
        "quantity": model.quantity,
        "location": model.location,
        "host": model.host,
        "field": model.field,
        "subject": model.subject,
        "origin": model.origin,
        "version": model.version,
    }
    return {**data, **changes}


def _urls(campaign, model, document=None) -> list[str]:
    urls = [
        reverse("dvk:campaign", args=[campaign.pk]),
        reverse("dvk:register", args=[campaign.pk]),
        reverse("dvk:import", args=[campaign.pk]),
        reverse("dvk:import_template", args=[campaign.pk]),
        reverse("dvk:campaign_part_add", args=[campaign.pk, "chi-tieu"]),
        reverse("dvk:model", args=[model.pk]),
        reverse("dvk:model_edit", args=[model.pk]),
    ]
    if document:
        urls.append(reverse("dvk:document", args=[document.pk]))
    return urls


# --- access --------------------------------------------------------------------------------


def test_another_communes_user_gets_404_everywhere(client, campaign, model, party, other_compiler):
    from models_dvk.services.lifecycle import document_attach

    document = document_attach(
        campaign=campaign,
        model=model,
        kind="plan",
        user=party,
        upload=SimpleUploadedFile("ke-hoach.pdf", files.pdf(), "application/pdf"),
    )
    client.force_login(other_compiler)
    for url in _urls(campaign, model, document):
        assert client.get(url).status_code == 404, url
    for name in ("dvk:model_step", "dvk:model_upload"):
        assert client.post(reverse(name, args=[model.pk])).status_code == 404
    assert client.post(reverse("dvk:campaign_copy", args=[campaign.pk])).status_code == 404
    listing = client.get(reverse("dvk:campaign_list"))
    assert "Đảng ủy xã Ba Thành" not in listing.content.decode()


def test_officer_without_participation_cannot_register(client, campaign, officer):
    client.force_login(officer)
    page = client.get(reverse("dvk:campaign", args=[campaign.pk]))
    assert page.status_code == 200
    assert 'data-testid="register"' not in page.content.decode()
    assert client.get(reverse("dvk:register", args=[campaign.pk])).status_code == 403
    response = client.post(reverse("dvk:register", args=[campaign.pk]), model_data())
    assert response.status_code == 403
    assert not DvkModel.objects.filter(campaign=campaign).exists()


def test_reviewer_reads_but_changes_nothing(client, campaign, model, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("dvk:campaign", args=[campaign.pk])).content.decode()
    assert model.name in page
    assert "Sao chép" not in page and 'data-testid="register"' not in page
    model_page = client.get(reverse("dvk:model", args=[model.pk])).content.decode()
    assert 'data-testid="step-form"' not in model_page
    assert 'data-testid="edit"' not in model_page
    assert client.get(reverse("dvk:model_edit", args=[model.pk])).status_code == 403
    assert client.get(reverse("dvk:import", args=[campaign.pk])).status_code == 403
    step = {"step": Step.PLANNED, "on": "01/03/2026"}
    assert client.post(reverse("dvk:model_step", args=[model.pk]), step).status_code == 403
    target = {"kind": "models", "label": "Số mô hình", "value": 5}
    url = reverse("dvk:campaign_part_add", args=[campaign.pk, "chi-tieu"])
    assert client.post(url, target).status_code == 403
    assert not campaign.targets.exists()


def test_menu_shows_dvk_to_party_and_reviewer_only(client, party, reviewer, compiler):
    for user, shown in ((party, True), (reviewer, True), (compiler, False)):
        client.force_login(user)
        assert ("Dân vận khéo" in client.get("/").content.decode()) is shown, user


# --- campaigns -----------------------------------------------------------------------------


def test_coordinator_creates_a_campaign_for_their_unit(client, party, ba_thanh):
    client.force_login(party)
    response = client.post(
        reverse("dvk:campaign_list"),
        {
            "year": 2027,
            "organiser": "Đảng ủy xã Ba Thành",
            "superior_body": "ĐẢNG BỘ TỈNH QUẢNG NGÃI",
            "title": "Phong trào thi đua “Dân vận khéo”",
            "guide_number": "12-HD/ĐU",
            "guide_date": "15/01/2027",
        },
    )
    created = Campaign.objects.get(year=2027)
    assert response.url == reverse("dvk:campaign", args=[created.pk])
    assert created.unit == ba_thanh and created.guide_date == date(2027, 1, 15)


def test_a_day_that_does_not_exist_is_refused_naming_the_field(client, party, campaign):
    client.force_login(party)
    response = client.post(
        reverse("dvk:campaign_list"),
        {"year": 2027, "organiser": "Đảng ủy", "title": "Phong trào", "guide_date": "31/11/2026"},
    )
    assert "Ngày 31/11/2026 không tồn tại." in response.context["form"].errors["guide_date"]
    assert not Campaign.objects.filter(year=2027).exists()
    url = reverse("dvk:campaign_part_add", args=[campaign.pk, "moc-thoi-gian"])
    response = client.post(url, {"kind": "registration", "label": "", "due": "31/11/2026"})
    assert "Ngày 31/11/2026 không tồn tại." in response.context["form"].errors["due"]
    assert not campaign.milestones.exists()


def test_officer_cannot_create_a_campaign(client, officer):
    client.force_login(officer)
    response = client.post(reverse("dvk:campaign_list"), {"year": 2027, "organiser": "X"})
    assert response.status_code == 403
    assert not Campaign.objects.exists()


def test_coordinator_adds_edits_and_deletes_targets_milestones_participants(
    client, party, campaign, member
):
    client.force_login(party)
    add = reverse("dvk:campaign_part_add", args=[campaign.pk, "chi-tieu"])
    client.post(add, {"kind": "models", "label": "Số mô hình", "value": 5})
    target = campaign.targets.get()
    client.post(
        reverse("dvk:campaign_part_edit", args=[campaign.pk, "chi-tieu", target.pk]),
        {"kind": "models", "label": "Số mô hình", "value": 7},
    )
    target.refresh_from_db()
    assert target.value == 7
    client.post(
        reverse("dvk:campaign_part_add", args=[campaign.pk, "moc-thoi-gian"]),
        {"kind": "registration", "label": "", "due": "10/02/2026"},
    )
    assert campaign.milestones.get().due == date(2026, 2, 10)
    client.post(
        reverse("dvk:campaign_part_add", args=[campaign.pk, "to-chuc"]),
        {"name": "Đoàn Thanh niên xã", "kind": "mass_org", "members": [member.pk]},
    )
    youth = campaign.participants.get(name="Đoàn Thanh niên xã")
    assert list(youth.members.all()) == [member]
    duplicate = client.post(
        reverse("dvk:campaign_part_add", args=[campaign.pk, "to-chuc"]),
        {"name": "Đoàn Thanh niên xã", "kind": "mass_org"},
    )
    assert duplicate.status_code == 200 and campaign.participants.count() == 3
    client.post(reverse("dvk:campaign_part_delete", args=[campaign.pk, "chi-tieu", target.pk]))
    assert not campaign.targets.exists()


def test_copy_to_next_year_carries_running_models_forward(client, party, campaign, model):
    client.force_login(party)
    response = client.post(reverse("dvk:campaign_copy", args=[campaign.pk]), {"year": 2027})
    new = Campaign.objects.get(year=2027)
    assert response.url == reverse("dvk:campaign", args=[new.pk])
    carried = new.models.get()
    assert carried.origin == Origin.CONTINUED and carried.previous == model
    again = client.post(reverse("dvk:campaign_copy", args=[campaign.pk]), {"year": 2027})
    assert Campaign.objects.filter(year=2027).count() == 1
    assert "đã có phong trào năm 2027" in client.get(again.url).content.decode()


def test_campaign_page_filters_models(client, party, campaign, model):
    client.force_login(party)
    url = reverse("dvk:campaign", args=[campaign.pk])
    assert model.name in client.get(url, {"field": "culture"}).content.decode()
    assert model.name not in client.get(url, {"field": "economy"}).content.decode()
    assert model.name not in client.get(url, {"step": "launched"}).content.decode()
    assert model.name in client.get(url, {"origin": "new"}).content.decode()


def test_campaign_page_query_count(client, party, campaign, django_assert_max_num_queries):
    vang = campaign.participants.get(name="Chi bộ thôn Vàng")
    for n in range(20):
        DvkModel.objects.create(
            campaign=campaign, participant=vang, **model_data(name=f"Mô hình {n}")
        )
    client.force_login(party)
    # One query more than before pagination: the count of all models (and of the dropped ones).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dvk:campaign", args=[campaign.pk]))
    assert response.content.decode().count('data-testid="model-link"') == 20


# --- registration --------------------------------------------------------------------------


def test_member_registers_for_their_participant_only(client, member, campaign):
    client.force_login(member)
    page = client.get(reverse("dvk:register", args=[campaign.pk])).content.decode()
    assert "Chi bộ thôn Vàng" in page and "Hội Nông dân xã" not in page
    farmers = campaign.participants.get(name="Hội Nông dân xã")
    refused = client.post(
        reverse("dvk:register", args=[campaign.pk]), {**model_data(), "participant": farmers.pk}
    )
    assert refused.status_code == 200 and not DvkModel.objects.filter(campaign=campaign).exists()
    vang = campaign.participants.get(name="Chi bộ thôn Vàng")
    response = client.post(
        reverse("dvk:register", args=[campaign.pk]), {**model_data(), "participant": vang.pk}
    )
    created = DvkModel.objects.get(campaign=campaign)
    assert response.url == reverse("dvk:model", args=[created.pk])
    assert created.registered_by == member and created.events.get().step == Step.REGISTERED


def test_continued_without_previous_is_refused_on_the_field(client, party, campaign):
    client.force_login(party)
    vang = campaign.participants.get(name="Chi bộ thôn Vàng")
    response = client.post(
        reverse("dvk:register", args=[campaign.pk]),
        {**model_data(origin=Origin.CONTINUED), "participant": vang.pk},
    )
    form = response.context["form"]
    assert "cần chọn mô hình của năm trước" in " ".join(form.errors["previous"])
    assert "chỉ tiêu cao hơn năm trước" in " ".join(form.errors["higher_targets"])
    assert not DvkModel.objects.filter(campaign=campaign).exists()
    last_year = campaign.previous.models.get()
    response = client.post(
        reverse("dvk:register", args=[campaign.pk]),
        {
            **model_data(origin=Origin.CONTINUED),
            "participant": vang.pk,
            "previous": last_year.pk,
            "higher_targets": "Thêm 2 km đường",
        },
    )
    assert DvkModel.objects.get(campaign=campaign).previous == last_year


# --- the model page ------------------------------------------------------------------------


def test_edit_saves_and_a_stale_edit_is_refused(client, party, member, model):
    client.force_login(member)
    url = reverse("dvk:model_edit", args=[model.pk])
    stale = _form(model, name="Tên của cán bộ")
    client.post(url, _form(model, scale="30 hộ"))
    model.refresh_from_db()
    assert model.scale == "30 hộ" and model.version == 2
    response = client.post(url, stale)
    model.refresh_from_db()
    assert model.name == "Tủ sách nhân ái" and model.scale == "30 hộ"
    assert "vừa được người khác sửa" in client.get(response.url).content.decode()


def test_closed_model_cannot_be_edited(client, party, model):
    model_step(model=model, step=Step.DROPPED, on=date(2026, 3, 1), user=party, note="Trùng")
    client.force_login(party)
    assert client.get(reverse("dvk:model_edit", args=[model.pk])).status_code == 403


def test_new_model_to_appraisal_without_launch_is_refused(client, party, model):
    DvkModel.objects.filter(pk=model.pk).update(step=Step.SELF_ASSESSED)
    client.force_login(party)
    response = client.post(
        reverse("dvk:model_step", args=[model.pk]),
        {"step": Step.APPRAISING, "on": "01/09/2026"},
    )
    assert response.status_code == 400
    assert "chưa có ngày ra mắt" in response.content.decode()
    model.refresh_from_db()
    assert model.step == Step.SELF_ASSESSED


def test_steps_are_recorded_with_date_and_drop_needs_a_reason(client, party, model):
    client.force_login(party)
    url = reverse("dvk:model_step", args=[model.pk])
    client.post(url, {"step": Step.LAUNCHED, "on": "20/03/2026", "note": "Ra mắt tại nhà văn hóa"})
    model.refresh_from_db()
    assert model.step == Step.LAUNCHED
    assert model.events.get(step=Step.LAUNCHED).on == date(2026, 3, 20)
    refused = client.post(url, {"step": Step.DROPPED, "on": "01/04/2026", "note": ""})
    assert "Cần ghi lý do loại bỏ mô hình." in refused.content.decode()
    client.post(url, {"step": Step.DROPPED, "on": "01/04/2026", "note": "Trùng mô hình khác"})
    model.refresh_from_db()
    assert model.step == Step.DROPPED and model.drop_reason == "Trùng mô hình khác"
    page = client.get(reverse("dvk:model", args=[model.pk])).content.decode()
    assert "20/03/2026" in page and "Trùng mô hình khác" in page


def test_upload_refuses_a_renamed_program_and_keeps_a_pdf(client, member, model):
    client.force_login(member)
    url = reverse("dvk:model_upload", args=[model.pk])
    program = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200, "application/pdf")
    refused = client.post(url, {"kind": "report", "file": program})
    assert refused.status_code == 400 and not ModelDocument.objects.exists()
    event = model.events.get()
    pdf = SimpleUploadedFile("ke-hoach.pdf", files.pdf(), "application/pdf")
    client.post(url, {"kind": "plan", "title": "Kế hoạch 01", "event": event.pk, "file": pdf})
    document = ModelDocument.objects.get()
    assert document.event == event and document.content_type == "application/pdf"
    page = client.get(reverse("dvk:model", args=[model.pk])).content.decode()
    assert "Kế hoạch 01" in page
    download = client.get(reverse("dvk:document", args=[document.pk]))
    assert download["Content-Disposition"].startswith("inline")
    assert b"".join(download.streaming_content) == files.pdf()


def test_document_download_is_for_readers_of_the_campaign(
    client, member, model, reviewer, other_compiler
):
    client.force_login(member)
    client.post(
        reverse("dvk:model_upload", args=[model.pk]),
        {"kind": "other", "file": SimpleUploadedFile("ds.docx", files.docx())},
    )
    document = ModelDocument.objects.get()
    url = reverse("dvk:document", args=[document.pk])
    assert client.get(url)["Content-Disposition"].startswith("attachment")
    client.force_login(reviewer)
    assert client.get(url).status_code == 200
    client.force_login(other_compiler)
    assert client.get(url).status_code == 404


def test_model_page_query_count(client, party, model, django_assert_max_num_queries):
    for day in range(2, 12):
        model.events.create(step=Step.REGISTERED, on=date(2026, 2, day), user=party)
    client.force_login(party)
    # +1: whether the model has a launch, to offer only the steps it may take.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("dvk:model", args=[model.pk]))
    assert response.content.decode().count("Đăng ký") >= 11


def test_coordinator_without_participants_is_sent_to_add_one(client, party, campaign):
    campaign.participants.all().delete()
    client.force_login(party)
    response = client.get(reverse("dvk:register", args=[campaign.pk]))
    assert response.url == reverse("dvk:campaign", args=[campaign.pk]) + "#to-chuc"


def test_the_campaign_page_links_to_every_document_and_each_link_downloads(
    client, member, campaign
):
    # A participant's member reads the campaign, so the annexes and reports are theirs to download.
    client.force_login(member)
    text = client.get(reverse("dvk:campaign", args=[campaign.pk])).content.decode()
    exports = text.split('data-testid="exports"')[1].split("</ul>")[0]
    hrefs = [h.split('"')[0].replace("&amp;", "&") for h in exports.split('href="')[1:]]
    base = f"/van-ban/{{}}/{campaign.unit.code}/{campaign.year}/"
    for kind in ("dvk-registrations", "dvk-results", "dvk-plan"):
        assert base.format(kind) + "?format=docx" in hrefs
    assert base.format("dvk-report") + "?period=six_month&format=pdf" in hrefs
    assert base.format("dvk-report") + "?period=annual&format=docx" in hrefs
    assert base.format("dvk-plan") + "?format=xlsx" not in hrefs  # prose: no spreadsheet
    for href in (base.format("dvk-registrations") + "?format=xlsx",
                 base.format("dvk-report") + "?period=six_month&format=docx"):  # fmt: skip
        response = client.get(href)
        assert response.status_code == 200, href
        assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/11/2026", "Ngày 31/11/2026 không tồn tại."),
        ("01/01/2099", "Ngày đăng ký không được sau hôm nay."),
        ("01/01/2020", "Ngày đăng ký phải trong năm 2026 hoặc năm 2025."),
    ],
)
def test_a_wrong_registration_date_is_refused_on_its_field(
    client, member, campaign, typed, message
):
    client.force_login(member)
    vang = campaign.participants.get(name="Chi bộ thôn Vàng")
    response = client.post(
        reverse("dvk:register", args=[campaign.pk]),
        {**model_data(), "participant": vang.pk, "registered_on": typed},
    )
    assert message in " ".join(response.context["form"].errors["registered_on"])
    assert not DvkModel.objects.filter(campaign=campaign).exists()


def test_the_registration_date_typed_is_the_registered_step(client, member, campaign):
    # The six-month report counts models registered by 30 June: a paper registration of March,
    # entered later, must keep its March date.
    client.force_login(member)
    vang = campaign.participants.get(name="Chi bộ thôn Vàng")
    client.post(
        reverse("dvk:register", args=[campaign.pk]),
        {**model_data(), "participant": vang.pk, "registered_on": "15/03/2026"},
    )
    created = DvkModel.objects.get(campaign=campaign)
    assert created.events.get(step=Step.REGISTERED).on == date(2026, 3, 15)
    edit = client.get(reverse("dvk:model_edit", args=[created.pk])).content.decode()
    assert 'name="registered_on"' not in edit  # the history is not edited through the form


def test_a_long_model_list_comes_a_page_at_a_time_and_keeps_its_filters(client, party, campaign):
    from models_dvk.views import MODELS_PER_PAGE

    vang = campaign.participants.get(name="Chi bộ thôn Vàng")
    DvkModel.objects.bulk_create(
        DvkModel(campaign=campaign, participant=vang, **model_data(name=f"Mô hình {n:03}"))
        for n in range(MODELS_PER_PAGE + 3)
    )
    client.force_login(party)
    url = reverse("dvk:campaign", args=[campaign.pk])
    first = client.get(url, {"field": "culture"}).content.decode()
    assert first.count('data-testid="model-link"') == MODELS_PER_PAGE
    # The count is of every model, not of the page shown.
    assert f"{MODELS_PER_PAGE + 3} mô hình" in first
    assert "Trang 1/2" in first and "?field=culture&amp;page=2#mo-hinh" in first
    second = client.get(url, {"field": "culture", "page": 2}).content.decode()
    assert second.count('data-testid="model-link"') == 3
    assert "Mô hình 102" in second and "Mô hình 000" not in second
