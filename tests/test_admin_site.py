"""The admin site as a whole: every record reachable, nothing reachable around the rules.

The registry is introspected (as tests/security/test_login_required.py does for URLs), so a
model added to an app without an admin, or an admin page that fails on real data, fails here.
"""

from io import BytesIO

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.urls import reverse
from openpyxl import load_workbook

from dvcq.admin_kit import RecordAdmin

APPS = ["org", "jobs", "documents", "criteria", "evidence", "scoring", "models_dvk", "reading"]

# Models deliberately left out of the admin, and why.
NOT_IN_ADMIN: dict[str, str] = {
    # Shown and edited as the inline of their user: a grant is meaningless on its own.
    "org.RoleGrant": "inline of User",
    # Edited only as the inline of its plan: a remedy is meaningless without the plan.
    "scoring.RemediationItem": "inline of RemediationPlan",
}


def _models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            # simple-history's tables are read through the history page of their model
            if model.__name__.startswith("Historical"):
                continue
            yield model


def _label(model) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_model_of_the_apps_is_in_the_admin_or_listed_as_not():
    missing = [
        _label(model)
        for model in _models()
        if model not in admin.site._registry and _label(model) not in NOT_IN_ADMIN
    ]
    assert missing == []


def test_history_tables_are_not_models_of_their_own_in_the_admin():
    assert [m for m in admin.site._registry if m.__name__.startswith("Historical")] == []


def test_every_admin_of_the_apps_records_history_exports_and_speaks_vietnamese():
    for model in _models():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        assert isinstance(model_admin, RecordAdmin), _label(model)
        # The verbose name is Vietnamese (the class name is English)
        assert str(model._meta.verbose_name) != model.__name__.lower(), _label(model)


def _admins():
    for model in _models():
        if model in admin.site._registry:
            yield model, admin.site._registry[model]


def _url(model, name: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}", args=args)


@pytest.fixture
def superuser(demo):
    from dvcq.org.models import User

    return User.objects.get(username="admin")


def test_every_changelist_add_change_and_history_page_answers_on_the_demo(client, superuser):
    client.force_login(superuser)
    failures = []
    for model, model_admin in _admins():
        pages = [_url(model, "changelist")]
        if model_admin.has_add_permission(_request(superuser)):
            pages.append(_url(model, "add"))
        obj = model_admin.get_queryset(_request(superuser)).order_by("-pk").first()
        if obj is not None:
            pages += [_url(model, "change", quote(obj.pk)), _url(model, "history", quote(obj.pk))]
        for page in pages:
            status = client.get(page).status_code
            if status != 200:
                failures.append((page, status))
    assert failures == []


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/quan-tri/")
    request.user = user
    return request


def test_a_search_on_every_changelist_answers(client, superuser):
    client.force_login(superuser)
    failures = [
        model
        for model, model_admin in _admins()
        if model_admin.search_fields
        and client.get(_url(model, "changelist"), {"q": "Ba Thành"}).status_code != 200
    ]
    assert failures == []


def test_no_changelist_makes_a_query_per_row(client, superuser, django_assert_max_num_queries):
    """Each changelist makes as many queries showing 5 rows as showing 50."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(superuser)
    growing = []
    for model, model_admin in _admins():
        counts = []
        for per_page in (5, 50):
            model_admin.list_per_page = per_page
            try:
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(_url(model, "changelist")).status_code == 200
            finally:
                model_admin.list_per_page = 50
            counts.append(len(queries))
        if model_admin.get_queryset(_request(superuser)).count() > 5 and counts[0] != counts[1]:
            growing.append((_label(model), counts))
        assert counts[1] <= 16, (_label(model), counts)
    assert growing == []


def test_export_of_the_selected_rows_writes_text_as_text(client, superuser):
    from dvcq.org.models import Unit

    unit = Unit.objects.get(code="ba-thanh")
    Unit.objects.filter(pk=unit.pk).update(official_name='=HYPERLINK("http://x","bấm")')
    client.force_login(superuser)
    response = client.post(
        _url(Unit, "changelist"),
        {"action": "export_admin_action", "_selected_action": [unit.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=False))
    assert len(rows) == 2  # the header and the one selected unit
    cells = [cell for cell in rows[1] if cell.value == '=HYPERLINK("http://x","bấm")']
    assert cells and cells[0].data_type == "s"


def test_the_export_action_is_named_in_vietnamese(client, superuser):
    client.force_login(superuser)
    page = client.get("/quan-tri/org/unit/").text
    assert "Xuất XLSX các" in page
    # The button above the list and the filter's counts, which Django and django-import-export
    # leave in English in Vietnamese
    assert ">Xuất XLSX<" in page and ">Export<" not in page
    assert "Hiện số lượng" in page and "Show counts" not in page


@pytest.mark.parametrize("username", ["bathanh.vanphong", "tinh.danhgia"])
def test_only_superusers_enter_even_with_staff_status(client, demo, username):
    from dvcq.org.models import User

    user = User.objects.get(username=username)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    client.force_login(user)
    for page in ["/quan-tri/", "/quan-tri/scoring/scorecard/"]:
        response = client.get(page)
        assert response.status_code == 302
        assert "/quan-tri/login/" in response["Location"]


def test_an_old_version_is_shown_but_never_saved_back(client, superuser):
    """simple-history's page of one old version would save it over the record on POST,
    past every lock: it answers GET and refuses POST for every admin with history."""
    client.force_login(superuser)
    refused = []
    for model, _model_admin in _admins():
        if not hasattr(model, "history"):
            continue
        version = model.history.order_by("-history_id").first()
        if version is None:
            continue
        url = _url(model, "simple_history", quote(version.instance.pk), version.history_id)
        assert client.get(url).status_code == 200, url
        refused.append(client.post(url, {}).status_code)
    assert refused and set(refused) == {403}


def test_the_button_above_a_list_exports_the_filtered_rows(client, superuser):
    from dvcq.org.models import Unit

    client.force_login(superuser)
    response = client.get(_url(Unit, "export"), {"kind__exact": "province"})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    # Columns headed by the fields' Vietnamese names, not the code's
    headers = [c.value for c in sheet[1]]
    assert "Tên đơn vị" in headers and "name" not in headers
    column = headers.index("Tên đơn vị")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    expected = set(Unit.objects.filter(kind="province").values_list("name", flat=True))
    assert expected and {row[column] for row in rows} == expected
