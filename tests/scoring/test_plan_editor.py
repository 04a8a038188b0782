"""The plan editor: the compiler words responsibility, remedy and goals before export."""

from criteria.models import Item
from scoring.forms import item_field
from scoring.models import RemediationItem, RemediationPlan, Scorecard
from scoring.selectors import next_round_of, plan_draft
from tests.scoring.demo import DemoTestCase, docx_paragraphs

NEW_REMEDY = "Giao Công chức Văn phòng - Thống kê tổ chức hội nghị quán triệt trong quý I/2025."


class PlanEditorTests(DemoTestCase):
    def url(self, card=None) -> str:
        return f"/cham-diem/{(card or self.card_2024).pk}/ke-hoach/"

    def item(self, code: str) -> Item:
        criterion, number = code.split(".")
        return Item.objects.get(
            criterion__framework=self.card_2024.round.framework,
            criterion__number=criterion,
            number=number,
        )

    def form_data(self, card=None) -> dict:
        """What the page posts back when nothing is changed."""
        card = card or self.card_2024
        draft = plan_draft(card, next_round_of(card))
        from scoring.forms import PlanForm

        form = PlanForm(draft=draft)
        return {name: value for name, value in form.initial.items()}

    def test_it_shows_each_deducted_item_with_the_stored_texts(self):
        self.client.force_login(self.compiler)
        with self.assertNumQueries(14):
            response = self.client.get(self.url())
        assert response.status_code == 200
        page = response.content.decode()
        for code in ("1.1", "1.2", "1.3", "2.1", "2.2", "4.3", "6.4"):
            assert f'data-testid="deducted-{code}"' in page
        stored = RemediationItem.objects.get(plan__scorecard=self.card_2024, item=self.item("4.3"))
        assert stored.remedy in page
        assert 'href="/van-ban/plan/ba-thanh/2025/"' in page

    def test_an_edited_remedy_is_kept_when_the_plan_is_rebuilt(self):
        self.client.force_login(self.compiler)
        item = self.item("1.1")
        before = RemediationItem.objects.get(plan__scorecard=self.card_2024, item=self.item("1.2"))
        data = self.form_data()
        data[item_field(item.pk, "remedy")] = NEW_REMEDY
        response = self.client.post(self.url(), data)
        assert response.status_code == 302
        text = docx_paragraphs(self.client.get("/van-ban/plan/ba-thanh/2025/?format=docx").content)
        assert f"+ Hướng khắc phục: {NEW_REMEDY}" in text
        after = RemediationItem.objects.get(plan__scorecard=self.card_2024, item=self.item("1.2"))
        assert (after.responsibility, after.remedy) == (before.responsibility, before.remedy)
        # and again: a second build does not lose it
        text = docx_paragraphs(self.client.get("/van-ban/plan/ba-thanh/2025/?format=docx").content)
        assert f"+ Hướng khắc phục: {NEW_REMEDY}" in text

    def test_a_save_from_an_older_page_is_refused_and_shows_the_newer_text(self):
        self.client.force_login(self.compiler)
        stale = self.form_data()
        item = self.item("2.1")
        newer = dict(stale)
        newer[item_field(item.pk, "remedy")] = NEW_REMEDY
        assert self.client.post(self.url(), newer).status_code == 302
        stale[item_field(item.pk, "remedy")] = "Bản cũ hơn, không được lưu."
        response = self.client.post(self.url(), stale, follow=True)
        page = response.content.decode()
        assert "vừa được Nguyễn Văn Tổng Hợp lưu" in page
        assert NEW_REMEDY in page  # the newer text is in the form
        assert "Bản cũ hơn, không được lưu." in page  # and what this user typed, to copy from
        stored = RemediationItem.objects.get(plan__scorecard=self.card_2024, item=item)
        assert stored.remedy == NEW_REMEDY

    def test_restoring_the_suggestion_makes_the_text_follow_the_grid(self):
        self.client.force_login(self.leader)
        item = self.item("4.3")
        data = self.form_data()
        data[f"reset_{item_field(item.pk, 'remedy')}"] = "on"
        assert self.client.post(self.url(), data).status_code == 302
        stored = RemediationItem.objects.get(plan__scorecard=self.card_2024, item=item)
        assert stored.remedy == ""
        text = docx_paragraphs(self.client.get("/van-ban/plan/ba-thanh/2025/?format=docx").content)
        assert any(
            t.startswith("+ Hướng khắc phục: Giao Công chức Văn hóa - Xã hội phối hợp")
            for t in text
        )

    def test_the_first_save_creates_the_plan_and_keeps_suggestions_unstored(self):
        card = Scorecard.objects.get(round__unit__code="cam-thanh", round__framework__year=2025)
        self.client.force_login(self.compiler_of("cam-thanh"))
        data = self.form_data(card)
        assert data["version"] == 0
        data["goals"] = "Giữ vững xếp loại Hoàn thành xuất sắc nhiệm vụ."
        assert self.client.post(self.url(card), data).status_code == 302
        plan = RemediationPlan.objects.get(scorecard=card)
        assert plan.goals == "Giữ vững xếp loại Hoàn thành xuất sắc nhiệm vụ."
        assert plan.targets == "" and plan.version == 1
        assert not plan.items.exclude(responsibility="", remedy="").exists()

    def test_the_reviewer_reads_the_plan_without_a_save_button(self):
        self.client.force_login(self.reviewer)
        response = self.client.get(self.url())
        assert response.status_code == 200
        assert "Lưu kế hoạch" not in response.content.decode()
        assert self.client.post(self.url(), self.form_data()).status_code == 403

    def test_other_users_cannot_open_or_save_the_plan(self):
        self.client.force_login(self.other_compiler)
        assert self.client.get(self.url()).status_code == 404
        assert self.client.post(self.url(), self.form_data()).status_code == 404
        self.client.force_login(self.officer)
        assert self.client.get(self.url()).status_code == 403

    def test_an_unpublished_review_has_no_plan_page_for_the_unit(self):
        card = Scorecard.objects.get(round__unit__code="son-tinh", round__framework__year=2025)
        self.client.force_login(self.compiler_of("son-tinh"))
        assert self.client.get(self.url(card)).status_code == 404
