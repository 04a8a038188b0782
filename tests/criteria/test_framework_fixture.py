"""The shipped 2025 framework is seed 000, character for character (two typos fixed)."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from criteria.models import Item
from criteria.services import DEFAULT_FRAMEWORK_FILE

SEED = Path(__file__).resolve().parents[1] / "data" / "seed_000_phan_cong_2025.txt"
CORRECTIONS = [
    ("địa phương minh", "địa phương mình"),
    ("người đứng cơ quan", "người đứng đầu cơ quan"),
]


def _seed_rows():
    """(criterion, item) → (text, assignees, action) read straight from the seed file."""
    rows, criterion = {}, None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("<b>Tiêu chí"):
            criterion = int(line.split()[2].rstrip(":"))
        elif line.startswith("Nội dung") and len(cells) == 4:
            rows[(criterion, int(cells[0].split()[2]))] = tuple(c.strip() for c in cells[1:])
    return rows


def _fixed(text: str) -> str:
    for wrong, right in CORRECTIONS:
        text = text.replace(wrong, right)
    return text


def test_fixture_has_every_item_of_the_seed_with_its_exact_text():
    data = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    seed = _seed_rows()
    items = {(c["number"], i["number"]): i for c in data["criteria"] for i in c["items"]}
    assert len(data["criteria"]) == 10
    assert len(items) == len(seed) == 32
    for key, (text, assignees, action) in seed.items():
        assert items[key]["text"] == _fixed(text), key
        assert items[key]["default_assignees"] == assignees, key
        assert items[key]["default_action"] == _fixed(action), key
    assert len(data["corrections"]) == len(CORRECTIONS)


def test_fixture_criterion_titles_match_the_seed_headings():
    data = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    headings = [
        line.removeprefix("<b>").split("</b>")[0]
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if line.startswith("<b>Tiêu chí")
    ]
    assert [f"Tiêu chí {c['number']}: {c['title']}" for c in data["criteria"]] == headings


@pytest.mark.django_db
def test_loading_it_gives_a_sample_scale_of_100_points(framework_2025):
    items = Item.objects.filter(criterion__framework=framework_2025)
    assert items.count() == 32
    assert sum(i.max_points for i in items if not i.is_bonus) == Decimal("100.00")
    assert framework_2025.is_sample_scale
    assert framework_2025.legal_basis == (
        "Quyết định số 1211/QĐ-UBND ngày 02/11/2022 của UBND tỉnh Quảng Ngãi"
    )
    assert framework_2025.bands.count() == 4


@pytest.mark.django_db
def test_default_deadlines_carry_the_seed_defects_for_people_to_fix(framework_2025):
    items = {
        i.code: i
        for i in Item.objects.filter(criterion__framework=framework_2025).select_related(
            "criterion"
        )
    }
    assert items["1.1"].default_deadline.isoformat() == "2021-11-26"
    assert items["10.3"].default_deadline is None
    assert items["3.1"].default_deadline.isoformat() == "2025-10-24"
    assert items["10.4"].default_deadline.isoformat() == "2025-10-01"
    assert all(items[c].default_assignees == "" for c in ("6.1", "6.2", "6.4"))


@pytest.mark.django_db
def test_a_framework_with_an_item_number_twice_is_refused_and_nothing_is_saved(province):
    from django.core.exceptions import ValidationError

    from criteria.models import Framework
    from criteria.services import framework_create

    data = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    data["criteria"][2]["items"].append(dict(data["criteria"][2]["items"][0]))
    with pytest.raises(ValidationError, match="Nội dung 3.1 xuất hiện hai lần"):
        framework_create(owner=province, data=data)
    assert not Framework.objects.filter(owner=province).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["criteria"][0].update(number=0), "Số tiêu chí phải từ 1 trở lên"),
        (lambda d: d["criteria"][1]["items"][0].update(number=0), "Số nội dung phải từ 1"),
        (lambda d: d["criteria"][1]["items"][1].update(max_points="-1"), "Nội dung 2.2: điểm"),
    ],
)
def test_a_framework_breaking_a_constraint_is_refused_with_the_row_named(province, change, message):
    from django.core.exceptions import ValidationError

    from criteria.models import Framework
    from criteria.services import framework_create

    data = json.loads(DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(ValidationError, match=message):
        framework_create(owner=province, data=data)
    assert not Framework.objects.filter(owner=province).exists()
