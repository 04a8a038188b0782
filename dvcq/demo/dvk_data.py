"""Dân vận khéo demo: Ba Thành's Party committee, its 2025 campaign and the 2026 one (seeds
003/004: targets, milestones), with models across fields and steps, some continued from 2025."""

from datetime import date
from decimal import Decimal

from dvcq.org.models import Unit, User
from models_dvk.models import Campaign, Field, Origin, ParticipantKind, Step, Subject, TargetKind
from models_dvk.services.appraisal import (
    appraisal_conclude,
    appraisal_open,
    member_scores_save,
    recognition_record,
)
from models_dvk.services.campaign import campaign_copy
from models_dvk.services.lifecycle import model_step
from models_dvk.services.registration import model_register
from models_dvk.services.rubrics import criteria_for, rubrics_load_default

PARTICIPANTS = [
    ("Chi bộ thôn Vàng", ParticipantKind.PARTY_CELL, True),
    ("Chi bộ thôn Làng Mâm", ParticipantKind.PARTY_CELL, True),
    ("Chi bộ Cơ quan UBND xã", ParticipantKind.PARTY_CELL, True),
    ("Chi bộ Trường THCS Ba Thành", ParticipantKind.PARTY_CELL, True),
    ("Hội Liên hiệp Phụ nữ xã", ParticipantKind.MASS_ORG, False),
    ("Đoàn Thanh niên xã", ParticipantKind.MASS_ORG, False),
    ("Hội Nông dân xã", ParticipantKind.MASS_ORG, False),
    ("Công an xã", ParticipantKind.OFFICE, False),
]
TARGETS_2026 = [
    (TargetKind.MODELS, "Cấp xã có ít nhất 05 mô hình “Dân vận khéo”", 5),
    (TargetKind.NEW_OR_REPLICATED, "Đăng ký xây dựng mới hoặc nhân rộng ít nhất 01 mô hình", 1),
    (TargetKind.ORG_COVERAGE, "100% tổ chức đảng trực thuộc xây dựng ít nhất 01 mô hình", 100),
    (TargetKind.EXEMPLARS, "Có ít nhất 07 tập thể, cá nhân được công nhận điển hình", 7),
]
# Seed 003's deadlines ("31/11" in the seed does not exist: the annual report is dated 30/11).
MILESTONES_2026 = [
    ("registration", date(2026, 2, 10)),
    ("report_higher", date(2026, 3, 10)),
    ("six_month", date(2026, 6, 30)),
    ("recognition", date(2026, 10, 15)),
    ("target_report", date(2026, 11, 25)),
    ("annual", date(2026, 11, 30)),
]
MODELS_2025 = [
    # participant, name, field, subject, location, host, scale
    (
        "Chi bộ thôn Vàng",
        "Dân vận khéo trong hiến đất làm đường giao thông nông thôn",
        Field.RURAL,
        Subject.COLLECTIVE,
        "Thôn Vàng",
        "Chi bộ thôn Vàng",
        "1,2 km đường, 46 hộ hiến đất",
    ),
    (
        "Hội Liên hiệp Phụ nữ xã",
        "Phụ nữ giúp nhau phát triển kinh tế, giảm nghèo bền vững",
        Field.ECONOMY,
        Subject.COLLECTIVE,
        "Toàn xã",
        "Hội LHPN xã",
        "35 hội viên, 12 hộ nghèo",
    ),
    (
        "Công an xã",
        "Camera an ninh kết nối cộng đồng",
        Field.DEFENCE,
        Subject.COLLECTIVE,
        "Trung tâm xã",
        "Công an xã",
        "24 camera",
    ),
]
MODELS_2026 = [
    (
        "Chi bộ thôn Làng Mâm",
        "Tổ dân vận giúp đồng bào làm du lịch cộng đồng",
        Field.ECONOMY,
        Subject.COLLECTIVE,
        "Thôn Làng Mâm",
        "Chi bộ thôn Làng Mâm",
        "15 hộ, 2 homestay",
    ),
    (
        "Chi bộ Cơ quan UBND xã",
        "Một cửa thân thiện, giải quyết thủ tục hành chính không giấy tờ",
        Field.POLITICS,
        Subject.COLLECTIVE,
        "Bộ phận Một cửa UBND xã",
        "Văn phòng UBND xã",
        "100% hồ sơ trực tuyến",
    ),
    (
        "Chi bộ Trường THCS Ba Thành",
        "Tủ sách nhân ái cho học sinh vùng khó",
        Field.CULTURE,
        Subject.COLLECTIVE,
        "Trường THCS Ba Thành",
        "Chi bộ Trường THCS",
        "420 học sinh",
    ),
    (
        "Đoàn Thanh niên xã",
        "Thanh niên hướng dẫn người dân dùng dịch vụ công trực tuyến",
        Field.CULTURE,
        Subject.COLLECTIVE,
        "Các thôn",
        "Đoàn Thanh niên xã",
        "300 lượt người dân",
    ),
    (
        "Hội Nông dân xã",
        "Ông Đinh Văn Rơi vận động đồng bào trồng rừng gỗ lớn",
        Field.URBAN,
        Subject.INDIVIDUAL,
        "Thôn Vàng",
        "Hội Nông dân xã",
        "12 ha rừng",
    ),
    (
        "Hội Nông dân xã",
        "Vận động bà con xóa bỏ hủ tục trong cưới hỏi, tang lễ",
        Field.OTHER,
        Subject.COLLECTIVE,
        "Thôn Làng Mâm",
        "Hội Nông dân xã",
        "80 hộ",
    ),
]


def _register(campaign, participants, rows, user, on):
    made = []
    for participant, name, field, subject, location, host, scale in rows:
        made.append(
            model_register(
                campaign=campaign,
                participant=participants[participant],
                data={
                    "name": name,
                    "field": field,
                    "subject": subject,
                    "subject_name": participant
                    if subject == Subject.COLLECTIVE
                    else name.split(" vận động")[0],
                    "location": location,
                    "host": host,
                    "scale": scale,
                    "origin": Origin.NEW,
                    "situation": "Nhu cầu thực tế của địa phương được chi bộ, đoàn thể khảo sát đầu năm.",
                    "goals": "Giải quyết việc khó của địa phương bằng cách vận động Nhân dân cùng làm.",
                    "methods": "Họp dân, tuyên truyền, phân công đảng viên phụ trách từng nhóm hộ.",
                    "leader": "Đinh Văn Khối Vận",
                },
                user=user,
                on=on,
            )
        )
    return made


def _recognise(model, user, members, points_for):
    """Appraise and recognise a model with each member scoring `points_for(criterion)`."""
    year = model.campaign.year
    model_step(model=model, step=Step.SELF_ASSESSED, on=date(year, 9, 5), user=user)
    model_step(model=model, step=Step.APPRAISING, on=date(year, 9, 10), user=user)
    appraisal = appraisal_open(
        model=model,
        user=user,
        members=members,
        plan_number="05-KH/ĐU",
        plan_date=date(year, 9, 10),
        conference_on=date(year, 9, 25),
        report_received_on=date(year, 9, 20),
    )
    for member in members:
        member_scores_save(
            appraisal=appraisal,
            user=user,
            member=member,
            scores={c.pk: (points_for(c), None) for c in criteria_for(appraisal.rubric, model)},
        )
    appraisal_conclude(
        appraisal=appraisal,
        user=user,
        minutes="Hội nghị thẩm định thống nhất đề nghị công nhận mô hình.",
        notice_number="12-TB/ĐU",
        notice_date=date(year, 9, 26),
    )
    recognition_record(
        appraisal=appraisal, user=user, number=f"{30 + model.pk}-QĐ/ĐU", on=date(year, 10, 10)
    )


def dvk_seed() -> None:
    rubrics_load_default()
    ba_thanh = Unit.objects.get(code="ba-thanh")
    if Campaign.objects.filter(unit=ba_thanh).exists():
        return
    party = User.objects.get(username="bathanh.xaydungdang")
    members = [party, User.objects.get(username="bathanh.lanhdao")]
    campaign = Campaign.objects.create(
        unit=ba_thanh,
        year=2025,
        organiser="Đảng ủy xã Ba Thành",
        superior_body="ĐẢNG BỘ TỈNH QUẢNG NGÃI",
        guide_number="08-HD/ĐU",
        guide_date=date(2025, 1, 20),
    )
    participants = {}
    for name, kind, is_party in PARTICIPANTS:
        participants[name] = campaign.participants.create(
            name=name, kind=kind, is_party_org=is_party
        )
    participants["Chi bộ thôn Vàng"].members.add(User.objects.get(username="bathanh.canbo"))
    for kind, label, value in TARGETS_2026:
        campaign.targets.create(kind=kind, label=label, value=value)
    for kind, due in MILESTONES_2026:
        campaign.milestones.create(kind=kind, due=due.replace(year=2025))
    for model in _register(campaign, participants, MODELS_2025, party, date(2025, 2, 5)):
        model_step(model=model, step=Step.LAUNCHED, on=date(2025, 3, 15), user=party)
        model_step(model=model, step=Step.IMPLEMENTING, on=date(2025, 3, 20), user=party)
        _recognise(
            model,
            party,
            members,
            lambda c: c.max_points if c.is_key else c.max_points - Decimal("1"),
        )

    # 2026: the three 2025 models carried forward (continued), six new ones at every step.
    new = campaign_copy(campaign=campaign, year=2026, user=party)
    new.guide_number, new.guide_date = "12-HD/ĐU", date(2026, 1, 15)
    new.save()
    for carried in new.models.all():
        carried.higher_targets = "Mở rộng quy mô gấp rưỡi năm 2025."
        carried.save(update_fields=["higher_targets"])
        model_step(model=carried, step=Step.IMPLEMENTING, on=date(2026, 2, 1), user=party)
    participants = {p.name: p for p in new.participants.all()}
    made = _register(new, participants, MODELS_2026, party, date(2026, 2, 8))
    tourism, one_stop, books, youth, forest, customs = made
    for model, launch in [(tourism, 3), (one_stop, 3), (books, 4), (forest, 4)]:
        model_step(model=model, step=Step.LAUNCHED, on=date(2026, launch, 20), user=party)
    for model in (tourism, one_stop, books):
        model_step(model=model, step=Step.IMPLEMENTING, on=date(2026, 5, 2), user=party)
    model_step(model=youth, step=Step.PLANNED, on=date(2026, 2, 20), user=party)
    _recognise(one_stop, party, members, lambda c: c.max_points)
    model_step(model=tourism, step=Step.SELF_ASSESSED, on=date(2026, 9, 30), user=party)
    model_step(
        model=customs,
        step=Step.DROPPED,
        on=date(2026, 6, 1),
        user=party,
        note="Trùng nội dung với mô hình của Hội Phụ nữ.",
    )
