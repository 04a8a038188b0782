"""Review figures reach a unit's own users only once published; never another commune's."""

from scoring.models import Scorecard
from scoring.services import transition
from tests.scoring.demo import DemoTestCase


class ReportAccessTests(DemoTestCase):
    def test_the_compiler_gets_the_published_year_of_their_own_commune(self):
        self.client.force_login(self.compiler)
        for url in (
            "/van-ban/selfscore/ba-thanh/2024/?format=docx",
            "/van-ban/review/ba-thanh/2024/?format=docx",
            "/van-ban/plan/ba-thanh/2025/?format=docx",
            "/van-ban/selfscore/ba-thanh/2025/",
        ):
            assert self.client.get(url).status_code == 200, url

    def test_the_compiler_gets_no_review_figures_of_an_unpublished_year(self):
        self.client.force_login(self.compiler)
        assert self.client.get("/van-ban/review/ba-thanh/2025/").status_code == 403
        assert self.client.get("/van-ban/review/ba-thanh/2025/?format=pdf").status_code == 403
        assert self.client.get("/van-ban/plan/ba-thanh/2026/").status_code == 404

    def test_a_reviewed_but_unpublished_result_stays_with_the_reviewer(self):
        card = Scorecard.objects.get(round__unit__code="son-tinh", round__framework__year=2025)
        transition(scorecard=card, user=self.reviewer, action="finish_review")
        self.client.force_login(self.compiler_of("son-tinh"))
        assert self.client.get("/van-ban/review/son-tinh/2025/").status_code == 403
        assert self.client.get("/van-ban/plan/son-tinh/2026/?format=docx").status_code == 403
        self.client.force_login(self.reviewer)
        assert self.client.get("/van-ban/review/son-tinh/2025/?format=docx").status_code == 200
        assert self.client.get("/van-ban/plan/son-tinh/2026/?format=docx").status_code == 200

    def test_another_commune_never_gets_ba_thanhs_reports(self):
        self.client.force_login(self.other_compiler)
        for kind, year in (("selfscore", 2024), ("review", 2024), ("plan", 2025)):
            url = f"/van-ban/{kind}/ba-thanh/{year}/?format=docx"
            assert self.client.get(url).status_code == 404, url
        self.client.force_login(self.compiler)
        assert self.client.get("/van-ban/review/an-phu/2025/").status_code == 404
        assert self.client.get("/van-ban/selfscore/cam-thanh/2025/").status_code == 404

    def test_the_results_table_is_for_the_reviewer(self):
        self.client.force_login(self.reviewer)
        response = self.client.get("/van-ban/results/quang-ngai/2025/?format=xlsx")
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith('ket-qua-dan-van-2025-quang-ngai.xlsx"')
        self.client.force_login(self.compiler)
        assert self.client.get("/van-ban/results/quang-ngai/2025/").status_code == 404

    def test_the_export_page_offers_the_report_symbol_and_no_xlsx_for_the_plan(self):
        self.client.force_login(self.compiler)
        page = self.client.get("/van-ban/selfscore/ba-thanh/2024/").content.decode()
        assert 'value="BC-UBND"' in page
        page = self.client.get("/van-ban/plan/ba-thanh/2025/").content.decode()
        assert 'value="xlsx"' not in page
        assert self.client.get("/van-ban/plan/ba-thanh/2025/?format=xlsx").status_code == 404
