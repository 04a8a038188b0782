"""Review figures reach a unit's own users only once published; never another commune's."""

from scoring.models import Scorecard
from scoring.services import transition


def test_the_compiler_gets_the_published_year_of_their_own_commune(
    client, demo, django_assert_num_queries
):
    client.force_login(demo.compiler)
    for url in (
        "/van-ban/selfscore/ba-thanh/2024/?format=docx",
        "/van-ban/review/ba-thanh/2024/?format=docx",
        "/van-ban/plan/ba-thanh/2025/?format=docx",
        "/van-ban/selfscore/ba-thanh/2025/",
    ):
        assert client.get(url).status_code == 200, url


def test_the_compiler_gets_no_review_figures_of_an_unpublished_year(
    client, demo, django_assert_num_queries
):
    client.force_login(demo.compiler)
    assert client.get("/van-ban/review/ba-thanh/2025/").status_code == 403
    assert client.get("/van-ban/review/ba-thanh/2025/?format=pdf").status_code == 403
    assert client.get("/van-ban/plan/ba-thanh/2026/").status_code == 404


def test_a_reviewed_but_unpublished_result_stays_with_the_reviewer(
    client, demo, django_assert_num_queries
):
    card = Scorecard.objects.get(round__unit__code="son-tinh", round__framework__year=2025)
    transition(scorecard=card, user=demo.reviewer, action="finish_review")
    client.force_login(demo.compiler_of("son-tinh"))
    assert client.get("/van-ban/review/son-tinh/2025/").status_code == 403
    assert client.get("/van-ban/plan/son-tinh/2026/?format=docx").status_code == 403
    client.force_login(demo.reviewer)
    assert client.get("/van-ban/review/son-tinh/2025/?format=docx").status_code == 200
    assert client.get("/van-ban/plan/son-tinh/2026/?format=docx").status_code == 200


def test_another_commune_never_gets_ba_thanhs_reports(client, demo, django_assert_num_queries):
    client.force_login(demo.other_compiler)
    for kind, year in (("selfscore", 2024), ("review", 2024), ("plan", 2025)):
        url = f"/van-ban/{kind}/ba-thanh/{year}/?format=docx"
        assert client.get(url).status_code == 404, url
    client.force_login(demo.compiler)
    assert client.get("/van-ban/review/an-phu/2025/").status_code == 404
    assert client.get("/van-ban/selfscore/cam-thanh/2025/").status_code == 404


def test_the_results_table_is_for_the_reviewer(client, demo, django_assert_num_queries):
    client.force_login(demo.reviewer)
    response = client.get("/van-ban/results/quang-ngai/2025/?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('ket-qua-dan-van-2025-quang-ngai.xlsx"')
    client.force_login(demo.compiler)
    assert client.get("/van-ban/results/quang-ngai/2025/").status_code == 404


def test_the_export_page_offers_the_report_symbol_and_no_xlsx_for_the_plan(
    client, demo, django_assert_num_queries
):
    client.force_login(demo.compiler)
    page = client.get("/van-ban/selfscore/ba-thanh/2024/").content.decode()
    assert 'value="BC-UBND"' in page
    page = client.get("/van-ban/plan/ba-thanh/2025/").content.decode()
    assert 'value="xlsx"' not in page
    assert client.get("/van-ban/plan/ba-thanh/2025/?format=xlsx").status_code == 404
