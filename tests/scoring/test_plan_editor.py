"""The plan editor: the compiler words responsibility, remedy and goals before export."""

from criteria.models import Item
from scoring.forms import item_field
from scoring.models import RemediationItem, RemediationPlan, Scorecard
from scoring.selectors import next_round_of, plan_draft
from tests.documents.reading import docx_paragraphs

NEW_REMEDY = "Giao Công chức Văn phòng - Thống kê tổ chức hội nghị quán triệt trong quý I/2025."


def _url(demo, card=None) -> str:
    return f"/cham-diem/{(card or demo.card_2024).pk}/ke-hoach/"


def _item(demo, code: str) -> Item:
    criterion, number = code.split(".")
    return Item.objects.get(
        criterion__framework=demo.card_2024.round.framework,
        criterion__number=criterion,
        number=number,
    )


def _form_data(demo, card=None) -> dict:
    """What the page posts back when nothing is changed."""
    card = card or demo.card_2024
    draft = plan_draft(card, next_round_of(card))
    from scoring.forms import PlanForm

    form = PlanForm(draft=draft)
    return {name: value for name, value in form.initial.items()}


def test_it_shows_each_deducted_item_with_the_stored_texts(client, demo, django_assert_num_queries):
    client.force_login(demo.compiler)
    with django_assert_num_queries(14):
        response = client.get(_url(demo))
    assert response.status_code == 200
    page = response.content.decode()
    for code in ("1.1", "1.2", "1.3", "2.1", "2.2", "4.3", "6.4"):
        assert f'data-testid="deducted-{code}"' in page
    stored = RemediationItem.objects.get(plan__scorecard=demo.card_2024, item=_item(demo, "4.3"))
    assert stored.remedy in page
    assert 'href="/van-ban/plan/ba-thanh/2025/"' in page


def test_an_edited_remedy_is_kept_when_the_plan_is_rebuilt(client, demo, django_assert_num_queries):
    client.force_login(demo.compiler)
    item = _item(demo, "1.1")
    before = RemediationItem.objects.get(plan__scorecard=demo.card_2024, item=_item(demo, "1.2"))
    data = _form_data(demo)
    data[item_field(item.pk, "remedy")] = NEW_REMEDY
    response = client.post(_url(demo), data)
    assert response.status_code == 302
    text = docx_paragraphs(client.get("/van-ban/plan/ba-thanh/2025/?format=docx").content)
    assert f"+ Hướng khắc phục: {NEW_REMEDY}" in text
    after = RemediationItem.objects.get(plan__scorecard=demo.card_2024, item=_item(demo, "1.2"))
    assert (after.responsibility, after.remedy) == (before.responsibility, before.remedy)
    # and again: a second build does not lose it
    text = docx_paragraphs(client.get("/van-ban/plan/ba-thanh/2025/?format=docx").content)
    assert f"+ Hướng khắc phục: {NEW_REMEDY}" in text


def test_a_save_from_an_older_page_is_refused_and_shows_the_newer_text(
    client, demo, django_assert_num_queries
):
    client.force_login(demo.compiler)
    stale = _form_data(demo)
    item = _item(demo, "2.1")
    newer = dict(stale)
    newer[item_field(item.pk, "remedy")] = NEW_REMEDY
    assert client.post(_url(demo), newer).status_code == 302
    stale[item_field(item.pk, "remedy")] = "Bản cũ hơn, không được lưu."
    response = client.post(_url(demo), stale, follow=True)
    page = response.content.decode()
    assert "vừa được Nguyễn Văn Tổng Hợp lưu" in page
    assert NEW_REMEDY in page  # the newer text is in the form
    assert "Bản cũ hơn, không được lưu." in page  # and what this user typed, to copy from
    stored = RemediationItem.objects.get(plan__scorecard=demo.card_2024, item=item)
    assert stored.remedy == NEW_REMEDY


def test_restoring_the_suggestion_makes_the_text_follow_the_grid(
    client, demo, django_assert_num_queries
):
    client.force_login(demo.leader)
    item = _item(demo, "4.3")
    data = _form_data(demo)
    data[f"reset_{item_field(item.pk, 'remedy')}"] = "on"
    assert client.post(_url(demo), data).status_code == 302
    stored = RemediationItem.objects.get(plan__scorecard=demo.card_2024, item=item)
    assert stored.remedy == ""
    text = docx_paragraphs(client.get("/van-ban/plan/ba-thanh/2025/?format=docx").content)
    assert any(
        t.startswith("+ Hướng khắc phục: Giao Công chức Văn hóa - Xã hội phối hợp") for t in text
    )


def test_the_first_save_creates_the_plan_and_keeps_suggestions_unstored(
    client, demo, django_assert_num_queries
):
    card = Scorecard.objects.get(round__unit__code="cam-thanh", round__framework__year=2025)
    client.force_login(demo.compiler_of("cam-thanh"))
    data = _form_data(demo, card)
    assert data["version"] == 0
    data["goals"] = "Giữ vững xếp loại Hoàn thành xuất sắc nhiệm vụ."
    assert client.post(_url(demo, card), data).status_code == 302
    plan = RemediationPlan.objects.get(scorecard=card)
    assert plan.goals == "Giữ vững xếp loại Hoàn thành xuất sắc nhiệm vụ."
    assert plan.targets == "" and plan.version == 1
    assert not plan.items.exclude(responsibility="", remedy="").exists()


def test_the_reviewer_reads_the_plan_without_a_save_button(client, demo, django_assert_num_queries):
    client.force_login(demo.reviewer)
    response = client.get(_url(demo))
    assert response.status_code == 200
    assert "Lưu kế hoạch" not in response.content.decode()
    assert client.post(_url(demo), _form_data(demo)).status_code == 403


def test_other_users_cannot_open_or_save_the_plan(client, demo, django_assert_num_queries):
    client.force_login(demo.other_compiler)
    assert client.get(_url(demo)).status_code == 404
    assert client.post(_url(demo), _form_data(demo)).status_code == 404
    client.force_login(demo.officer)
    assert client.get(_url(demo)).status_code == 403


def test_an_unpublished_review_has_no_plan_page_for_the_unit(
    client, demo, django_assert_num_queries
):
    card = Scorecard.objects.get(round__unit__code="son-tinh", round__framework__year=2025)
    client.force_login(demo.compiler_of("son-tinh"))
    assert client.get(_url(demo, card)).status_code == 404


def test_a_deadline_typed_outside_the_plans_year_warns_as_the_grid_does(client, demo):
    """The 2025 plan: "trước ngày 30/06/2024" in a remedy is saved, and flagged beside it."""
    client.force_login(demo.compiler)
    item = _item(demo, "1.1")
    data = _form_data(demo)
    data[item_field(item.pk, "remedy")] = NEW_REMEDY + " Hoàn thành trước ngày 30/06/2024."
    data["implementation"] = "Các bộ phận báo cáo kết quả trước ngày 15/11/2025."
    # A legal basis's date is not a deadline: no warning for it.
    data["legal_bases"] = "Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư."
    response = client.post(_url(demo), data, follow=True)
    page = response.content.decode()
    assert "Có hạn ghi ngoài năm 2025 của kế hoạch" in page
    warnings = page.split('data-testid="deadline-warning">')[1:]
    assert [w.split("<")[0] for w in warnings] == [
        "Hạn nộp nằm ngoài năm đánh giá: 30/06/2024 (kế hoạch năm 2025)."
    ]
    # Beside the remedy of item 1.1, not elsewhere; and the text is kept as typed.
    article = page.split('data-testid="deducted-1.1"')[1].split("</article>")[0]
    assert "30/06/2024 (kế hoạch năm 2025)" in article
    stored = RemediationItem.objects.get(plan__scorecard=demo.card_2024, item=item)
    assert stored.remedy.endswith("trước ngày 30/06/2024.")


def test_a_plan_with_its_deadlines_in_its_year_shows_no_warning(client, demo):
    client.force_login(demo.compiler)
    page = client.get(_url(demo)).content.decode()
    assert 'data-testid="deadline-warning"' not in page
