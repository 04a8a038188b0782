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
    from scoring.selectors import item_scores
    from scoring.services import SelfRow, self_score_save

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


# --- Dân vận khéo -------------------------------------------------------------------------

# The lifecycle in order; a model made at a later step carries an event for each step before.
LIFECYCLE = ["registered", "planned", "launched", "implementing", "self_assessed", "appraising"]


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "models_dvk.Campaign"
        django_get_or_create = ["unit", "year"]

    unit = factory.SubFactory(UnitFactory)
    year = 2026
    organiser = factory.LazyAttribute(lambda o: f"Đảng ủy {o.unit.name.replace('Xã', 'xã', 1)}")


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "models_dvk.Participant"
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    name = factory.Sequence(lambda n: f"Chi bộ thôn {n}")
    kind = "party_cell"
    is_party_org = True

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class DvkModelFactory(factory.django.DjangoModelFactory):
    """A registered model; `DvkModelFactory(step="launched")` (or `launched=True`) gives one
    that went through each earlier step, with a dated event per step as the lifecycle keeps."""

    class Meta:
        model = "models_dvk.DvkModel"
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    campaign = factory.SelfAttribute("participant.campaign")
    name = factory.Sequence(lambda n: f"Mô hình “Dân vận khéo” số {n}")
    location = "Thôn Vàng"
    host = factory.SelfAttribute("participant.name")
    field = "culture"
    subject = "collective"
    origin = "new"
    step = "registered"
    registered_by = factory.SubFactory(
        UserFactory, unit=factory.SelfAttribute("..participant.campaign.unit")
    )

    class Params:
        planned = factory.Trait(step="planned")
        launched = factory.Trait(step="launched")
        implementing = factory.Trait(step="implementing")
        self_assessed = factory.Trait(step="self_assessed")
        appraising = factory.Trait(step="appraising")

    @factory.post_generation
    def events(self, create, extracted, **kwargs):
        if not create:
            return
        from models_dvk.models import ModelEvent

        reached = LIFECYCLE[: LIFECYCLE.index(self.step) + 1] if self.step in LIFECYCLE else []
        ModelEvent.objects.bulk_create(
            ModelEvent(
                model=self,
                step=step,
                on=date(self.campaign.year, 2 + i, 10),
                user=self.registered_by,
            )
            for i, step in enumerate(reached)
        )


def _sheet_rubric(year: int):
    """The scoring sheet in force in `year`, the shipped rubrics loaded on first use."""
    from models_dvk.services import rubric_for, rubrics_load_default

    return rubric_for(year) or (rubrics_load_default() and rubric_for(year))


class AppraisalFactory(factory.django.DjangoModelFactory):
    """The appraisal of a model at the appraisal step, on the year's shipped scoring sheet."""

    class Meta:
        model = "models_dvk.Appraisal"
        skip_postgeneration_save = True

    model = factory.SubFactory(DvkModelFactory, appraising=True)
    rubric = factory.LazyAttribute(lambda o: _sheet_rubric(o.model.campaign.year))

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class MemberScoreFactory(factory.django.DjangoModelFactory):
    """One member's points for one criterion of the sheet (the first one unless given)."""

    class Meta:
        model = "models_dvk.MemberScore"

    appraisal = factory.SubFactory(AppraisalFactory)
    member = factory.SubFactory(UserFactory)
    criterion = factory.LazyAttribute(lambda o: o.appraisal.rubric.criteria.order_by("pk").first())
    points = factory.LazyAttribute(lambda o: o.criterion.max_points)


def model_at_appraisal(campaign, user, subject="collective", name="Hiến đất làm đường"):
    """A replicated model of Chi bộ thôn Vàng taken through its steps to the appraisal step, as
    the coordinator `user` records them (registered 05/02, appraisal proposed 05/09/2026)."""
    from models_dvk.services.lifecycle import model_step
    from models_dvk.services.registration import model_register

    model = model_register(
        campaign=campaign,
        participant=campaign.participants.get(name="Chi bộ thôn Vàng"),
        data={
            "name": name,
            "field": "rural",
            "subject": subject,
            "location": "Thôn Vàng",
            "host": "Chi bộ thôn Vàng",
            "origin": "replicated",
        },
        user=user,
        on=date(2026, 2, 5),
    )
    for step, day in [
        ("implementing", date(2026, 3, 1)),
        ("self_assessed", date(2026, 9, 1)),
        ("appraising", date(2026, 9, 5)),
    ]:
        model_step(model=model, step=step, on=day, user=user)
    return model
