"""The one factories module of the test suite."""

from datetime import date
from decimal import Decimal

import factory

from criteria.models import AssessmentRound, Assignment, Criterion, Framework, Item
from dvcq.org.models import Position, RoleGrant, Unit, UnitKind, User

PASSWORD = "mat-khau-thu-nghiem-2025"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"don-vi-{n}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    official_name = factory.LazyAttribute(lambda o: f"ỦY BAN NHÂN DÂN {o.name.upper()}")
    place_name = factory.LazyAttribute(lambda o: o.name.removeprefix("Xã ").removeprefix("Tỉnh "))
    kind = UnitKind.COMMUNE
    parent = None


class ProvinceFactory(UnitFactory):
    code = factory.Sequence(lambda n: f"tinh-{n}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    kind = UnitKind.PROVINCE


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"Công chức thử nghiệm {n}")
    order = factory.Sequence(lambda n: n)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            RoleGrant.objects.create(user=self, role=role)

    @factory.post_generation
    def positions(self, create, extracted, **kwargs):
        if extracted:
            self.positions.set(extracted)


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework

    owner = factory.SubFactory(ProvinceFactory)
    year = 2025
    decision_number = "1211/QĐ-UBND"
    total_points = Decimal("100.00")
    max_bonus_points = Decimal("5.00")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    framework = factory.SubFactory(FrameworkFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Tiêu chí thử nghiệm {n}")


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    criterion = factory.SubFactory(CriterionFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Nội dung thử nghiệm {n}")
    max_points = Decimal("3.00")


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentRound

    unit = factory.SubFactory(UnitFactory)
    framework = factory.SubFactory(FrameworkFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    item = factory.SubFactory(
        ItemFactory, criterion__framework=factory.SelfAttribute("...round.framework")
    )
    action = "Tham mưu UBND xã. Trước ngày 24/10/2025 cung cấp tài liệu minh chứng."
    deadline = date(2025, 10, 24)

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if extracted:
            self.lead_positions.set(extracted)


# --- scoring a scorecard ------------------------------------------------------------------


def score_all(scorecard, user, short=None, explanation="Minh chứng lưu tại Văn phòng."):
    """Self-score every item the unit scores: its maximum, or the value in `short`."""
    from scoring.services import SelfRow, item_scores, self_score_save

    short = short or {}
    rows = [
        SelfRow(s.pk, Decimal(short.get(s.item.code, s.item.max_points)), explanation, s.version)
        for s in item_scores(scorecard)
        if not s.item.is_reviewer_only and not s.item.is_bonus
    ]
    return self_score_save(scorecard=scorecard, user=user, rows=rows, accepted=set())


def deduct(scorecard, reviewer, code, points, reason="Chưa thực hiện thường xuyên."):
    from scoring.services import review_save

    score = scorecard.items.select_related("item__criterion").get(
        item__criterion__number=int(code.split(".")[0]), item__number=int(code.split(".")[1])
    )
    return review_save(
        item_score=score,
        user=reviewer,
        deductions=[(Decimal(points), reason)] if points else [],
        awarded_points=None,
        version=score.version,
    )
