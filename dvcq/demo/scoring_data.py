"""Scoring demo data: Ba Thành's 2024 result as seed 001 tells it, and a 2025 season in motion.

Seed 001 (Ba Thành's remediation plan for 2025) gives: self-score 94,00, reviewed 78,50 by the
district ("huyện chấm"), class "Hoàn thành xuất sắc nhiệm vụ", one point deducted on items 1.1,
1.2, 1.3, 2.1, 2.2 and 4.3 with their reasons, and a deduction on item 6.4 without its points.

Assumed (the README's "Demo data" says so; no document does): item 6.4 loses all its 3,00
points — a deduction never exceeds the item's points — so the demo's review total is 85,00
(94,00 − 6 × 1,00 − 3,00), not the 78,50 of seed 001, which no deduction within the sample
scale reaches. Also assumed: which items the commune scored below their maximum to reach
94,00, the district's name (Ba Tơ) and the commune's 2024 evidence documents.
"""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile

from criteria.models import AssessmentRound, Framework
from criteria.services import framework_copy, round_create
from dvcq.org.models import Unit, User
from evidence.services import file_add, record_create, record_link, review_set
from scoring.models import RemediationItem, RemediationPlan, Scorecard, Status
from scoring.selectors import item_scores
from scoring.services import (
    SelfRow,
    accepted_items,
    criterion_notes_save,
    review_save,
    scorecard_for_round,
    self_score_save,
    transition,
)

from .documents import issued_document_pdf

D = Decimal
OFFICE = "Công chức Văn phòng - Thống kê và các ngành có liên quan."
PAPER_FILE = "Minh chứng lưu tại hồ sơ giấy của Văn phòng UBND xã."

# Items scored below their maximum in the commune's self-score (assumed; totals 94,00).
BA_THANH_2024_SELF_SHORT = {"3.4": D("1.50"), "5.3": D("3.00"), "8.3": D("1.50"), "10.4": D("1.00")}

# Seed 001, section II.2.2: item, points, reason (verbatim), then seed 001's responsibility and
# remedy as the compiler wrote them in the 2025 plan.
BA_THANH_2024_DEDUCTIONS = [
    (
        "1.1",
        D("1.00"),
        "Việc quán triệt, triển khai và cụ thể hóa Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư Trung ương Đảng về nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp; Chỉ thị số 16/CT-TTg ngày 16 tháng 5 năm 2016 của Thủ tướng Chính phủ về tăng cường và đổi mới công tác dân vận trong cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới; Chỉ thị số 33/CT-TTg ngày 26 tháng 11 năm 2021 của Thủ tướng Chính phủ về tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới chưa được thường xuyên.",
        OFFICE,
        "Giao Công chức Văn phòng - Thống kê xã phối hợp với các ngành có liên quan tổ chức quán triệt, triển khai và cụ thể hóa Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư Trung ương Đảng về nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp; Chỉ thị số 16/CT-TTg ngày 16 tháng 5 năm 2016 của Thủ tướng Chính phủ về tăng cường và đổi mới công tác dân vận trong cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới; Chỉ thị số 33/CT-TTg ngày 26 tháng 11 năm 2021 của Thủ tướng Chính phủ về tiếp tục tăng cường và đổi mới công tác dân vận của cơ quan hành chính nhà nước, chính quyền các cấp trong tình hình mới.",
    ),
    (
        "1.2",
        D("1.00"),
        "Việc quán triệt, triển khai, thực hiện có hiệu quả Quyết định số 396-QĐ/TU ngày 19 tháng 10 năm 2021 của Ban Thường vụ Tỉnh ủy về việc ban hành Quy chế công tác dân vận của hệ thống chính trị chưa được thường xuyên.",
        OFFICE,
        "Giao Công chức Văn phòng - Thống kê xã phối hợp với các ngành có liên quan tổ chức quán triệt, triển khai, thực hiện có hiệu quả Quyết định số 396-QĐ/TU ngày 19 tháng 10 năm 2021 của Ban Thường vụ Tỉnh ủy về việc ban hành Quy chế công tác dân vận của hệ thống chính trị.",
    ),
    (
        "1.3",
        D("1.00"),
        "Việc chỉ đạo công tác tổ chức sơ kết, tổng kết việc thực hiện công tác dân vận của địa phương chưa được tổ chức.",
        OFFICE,
        "Giao Công chức Văn phòng - Thống kê xã phối hợp với các ngành có liên quan xây dựng kế hoạch thực hiện công tác dân vận hàng năm; phân công lãnh đạo phụ trách công tác dân vận, chỉ đạo sơ kết, tổng kết việc thực hiện công tác dân vận.",
    ),
    (
        "2.1",
        D("1.00"),
        "Việc ban hành văn bản triển khai, thực hiện hiệu quả nhiệm vụ chính trị hàng năm; quản lý chặt chẽ các tổ chức, đơn vị thuộc cơ quan, đơn vị đôi lúc chưa kịp thời.",
        OFFICE,
        "Giao Công chức Văn phòng - Thống kê phối hợp với các ngành có liên quan tổ chức thực hiện ban hành văn bản triển khai, thực hiện hiệu quả nhiệm vụ chính trị hàng năm; quản lý chặt chẽ các tổ chức, đơn vị thuộc cơ quan, đơn vị đảm bảo theo thời gian quy định.",
    ),
    (
        "2.2",
        D("1.00"),
        "Công tác phòng, chống tham nhũng, lãng phí, thực hành tiết kiệm; thực hiện việc kê khai tài sản, thu nhập của cán bộ, công chức theo quy định đôi lúc chưa kịp thời.",
        OFFICE,
        "Giao Công chức Văn phòng - Thống kê phối hợp với các ngành có liên quan tổ chức thực hiện tốt công tác phòng, chống tham nhũng, lãng phí, thực hành tiết kiệm; thực hiện việc kê khai tài sản, thu nhập của cán bộ, công chức theo quy định.",
    ),
    (
        "4.3",
        D("1.00"),
        "Công tác giới thiệu, tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” trên các phương tiện thông tin đại chúng hoặc trong đợt sinh hoạt cơ quan, đơn vị, địa phương chưa thường xuyên.",
        "Khối vận Đảng ủy, Công chức Văn phòng - Thống kê.",
        "Giao Khối vận Đảng ủy, Công chức Văn phòng - Thống kê tham mưu Đảng ủy, UBND xã trong công việc giới thiệu, tuyên truyền, nhân rộng các mô hình, điển hình “Dân vận khéo” trên các phương tiện thông tin đại chúng hoặc trong đợt sinh hoạt cơ quan, đơn vị, địa phương.",
    ),
    (
        "6.4",
        D("3.00"),  # all of the item's points: assumed, see the module docstring
        "Cơ quan, đơn vị, địa phương có cán bộ, công chức, viên chức suy thoái về tư tưởng, chính trị, đạo đức, lối sống, vi phạm kỷ luật và bị xử lý kỷ luật từ hình thức khiển trách trở lên.",
        OFFICE,
        "Giao Công chức Văn phòng - Thống kê xã phối hợp với các ngành có liên quan tăng cường giáo dục chính trị, tư tưởng, đạo đức, lối sống; kiểm tra, giám sát việc thực hiện quy tắc ứng xử của cán bộ, công chức, viên chức, không để xảy ra vi phạm kỷ luật.",
    ),
]
# The reviewer's note on criterion 6, as a district would word it.
CRITERION_6_NOTE = (
    "Trong năm có cán bộ, công chức bị xử lý kỷ luật; trừ toàn bộ điểm nội dung 6.4 theo quy định."
)

# Ba Thành's 2024 documents filed as evidence and accepted by the office: number, date,
# summary, the items they back. Made up for the demo, in the commune's own numbering.
BA_THANH_2024_EVIDENCE = [
    (
        "02/KH-UBND",
        date(2024, 1, 10),
        "Kế hoạch thực hiện phong trào thi đua “Dân vận khéo” năm 2024",
        ["4.1"],
    ),
    (
        "05/QĐ-UBND",
        date(2024, 1, 15),
        "Quyết định ban hành Quy chế chi tiêu nội bộ năm 2024",
        ["8.1"],
    ),
    (
        "15/QĐ-UBND",
        date(2024, 3, 5),
        "Quyết định ban hành Quy chế văn hóa công sở tại UBND xã Ba Thành",
        ["6.1", "6.2"],
    ),
    (
        "31/QĐ-UBND",
        date(2024, 4, 12),
        "Quyết định ban hành Quy chế phối hợp giữa UBND xã với Ủy ban MTTQ Việt Nam và các tổ "
        "chức chính trị - xã hội xã",
        ["7.1", "7.3"],
    ),
    (
        "45/BC-UBND",
        date(2024, 6, 20),
        "Báo cáo kết quả công tác cải cách hành chính 6 tháng đầu năm 2024",
        ["3.1", "3.2", "3.3"],
    ),
    (
        "52/KH-UBND",
        date(2024, 7, 8),
        "Kế hoạch tiếp công dân, đối thoại với Nhân dân năm 2024",
        ["9.1", "9.2"],
    ),
    (
        "98/BC-UBND",
        date(2024, 9, 30),
        "Báo cáo kết quả giải quyết đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh 9 tháng "
        "năm 2024",
        ["5.1", "5.2"],
    ),
]


def _users(unit_code: str) -> tuple[User, User]:
    """(compiler, leader) of a demo unit; units without demo accounts use the admin."""
    admin = User.objects.get(username="admin")
    compiler = User.objects.filter(unit__code=unit_code, role_grants__role="compiler").first()
    leader = User.objects.filter(unit__code=unit_code, role_grants__role="leader").first()
    return compiler or admin, leader or admin


def _self_score(scorecard: Scorecard, user: User, short: dict[str, Decimal], limit=None) -> None:
    """Every self-scorable item at its maximum except `short`; the first `limit` items only."""
    accepted = accepted_items(scorecard)
    rows = []
    for score in item_scores(scorecard)[:limit]:
        item = score.item
        if item.is_reviewer_only or item.is_bonus:
            continue
        points = short.get(item.code, item.max_points)
        explanation = "" if item.pk in accepted or not points else PAPER_FILE
        rows.append(SelfRow(score.pk, points, explanation, score.version))
    self_score_save(scorecard=scorecard, user=user, rows=rows, accepted=accepted)


def _deduct(scorecard: Scorecard, reviewer: User, deductions) -> None:
    by_code = {s.item.code: s for s in item_scores(scorecard)}
    for code, points, reason, *_rest in deductions:
        score = by_code[code]
        review_save(
            item_score=score,
            user=reviewer,
            deductions=[(points, reason)],
            awarded_points=None,
            version=score.version,
        )


def _evidence_2024(assessment_round: AssessmentRound, compiler: User) -> None:
    """BA_THANH_2024_EVIDENCE filed with a file each and accepted ("Đạt") by the office."""
    if assessment_round.evidence_records.exists():
        return
    officer = User.objects.get(username="bathanh.canbo")
    by_code = {
        a.item.code: a for a in assessment_round.assignments.select_related("item__criterion")
    }
    for number, issued_on, summary, codes in BA_THANH_2024_EVIDENCE:
        assignments = [by_code[code] for code in codes]
        record = record_create(
            assignment=assignments[0],
            user=officer,
            number=number,
            issued_on=issued_on,
            issuer="UBND xã Ba Thành",
            summary=summary,
        )
        record_link(record=record, assignments=assignments[1:])
        # Each record's own document, so that the demo's search finds what the record says.
        pdf = issued_document_pdf(assessment_round.unit, number, issued_on, summary)
        name = number.replace("/", "-") + ".pdf"
        file_add(record=record, upload=ContentFile(pdf, name=name), user=officer)
    for assignment in {a.pk: a for code, a in by_code.items() if _backed(code)}.values():
        review_set(assignment=assignment, user=compiler, status="accepted", comment="")


def _backed(code: str) -> bool:
    return any(code in codes for *_rest, codes in BA_THANH_2024_EVIDENCE)


def _round(unit: Unit, framework: Framework, **kwargs) -> AssessmentRound:
    found = AssessmentRound.objects.filter(unit=unit, framework=framework).first()
    return found or round_create(unit=unit, framework=framework, **kwargs)


def scoring_seed() -> None:
    province = Unit.objects.get(code="quang-ngai")
    reviewer = User.objects.get(username="tinh.danhgia")
    framework_2025 = Framework.objects.get(owner=province, year=2025)
    framework_2024 = Framework.objects.filter(owner=province, year=2024).first() or framework_copy(
        framework=framework_2025, year=2024
    )
    ba_thanh = Unit.objects.get(code="ba-thanh")

    # Ba Thành 2024: seed 001, reviewed by the district as it then was.
    district = Unit.objects.get(code="ba-to")
    round_2024 = _round(
        ba_thanh, framework_2024, plan_date=date(2024, 2, 20), reviewing_unit=district
    )
    AssessmentRound.objects.filter(pk=round_2024.pk).update(reviewing_unit=district)
    scorecard = scorecard_for_round(round_2024)
    if scorecard.status == Status.DRAFTING and not scorecard.log.exists():
        compiler, leader = _users("ba-thanh")
        _evidence_2024(round_2024, compiler)
        _self_score(scorecard, compiler, BA_THANH_2024_SELF_SHORT)
        Scorecard.objects.filter(pk=scorecard.pk).update(
            self_report_number="269/BC-UBND", self_report_date=date(2024, 10, 23)
        )
        transition(scorecard=scorecard, user=leader, action="submit")
        transition(scorecard=scorecard, user=reviewer, action="start_review")
        _deduct(scorecard, reviewer, BA_THANH_2024_DEDUCTIONS)
        criterion_6 = scorecard.criteria.get(criterion__number=6).criterion_id
        criterion_notes_save(
            scorecard=scorecard, user=reviewer, notes={criterion_6: CRITERION_6_NOTE}
        )
        transition(scorecard=scorecard, user=reviewer, action="finish_review")
        Scorecard.objects.filter(pk=scorecard.pk).update(
            result_decision_number="114/QĐ-UBND",
            result_decision_date=date(2025, 1, 23),
            result_decision_issuer="UBND huyện Ba Tơ",
        )
        transition(scorecard=scorecard, user=reviewer, action="publish")
        plan, _ = RemediationPlan.objects.get_or_create(scorecard=scorecard)
        plan.legal_bases = (
            "Thực hiện Kế hoạch số 40/KH-UBND ngày 25/02/2025 của UBND huyện Ba Tơ về khắc phục, "
            "cải thiện và nâng cao chỉ số dân vận chính quyền của huyện năm 2025;"
        )
        plan.targets = (
            "Năm 2025, phấn đấu cải thiện mức xếp hạng chỉ số của UBND xã, duy trì được xếp hạng "
            "mức hoàn thành xuất sắc nhiệm vụ và các chỉ tiêu cụ thể đã được xác định trong kế "
            "hoạch năm 2025."
        )
        plan.save()
        by_code = {s.item.code: s.item for s in item_scores(scorecard)}
        for code, _p, _r, responsibility, remedy in BA_THANH_2024_DEDUCTIONS:
            RemediationItem.objects.update_or_create(
                plan=plan,
                item=by_code[code],
                defaults={"responsibility": responsibility, "remedy": remedy},
            )

    # 2025: Ba Thành still scoring; the other units in every other state.
    scorecard = scorecard_for_round(_round(ba_thanh, framework_2025))
    if scorecard.status == Status.DRAFTING and not scorecard.log.exists():
        if not scorecard.items.filter(self_points__isnull=False).exists():
            _self_score(scorecard, _users("ba-thanh")[0], {}, limit=12)
    for code, state in [
        ("an-phu", "submitted"),
        ("son-tinh", "in_review"),
        ("cam-thanh", "published"),
        ("ly-son", "late"),
    ]:
        unit = Unit.objects.get(code=code)
        scorecard = scorecard_for_round(_round(unit, framework_2025, plan_date=date(2025, 2, 25)))
        if scorecard.log.exists() or state == "late":
            continue  # "late": nothing scored or filed after the deadline
        compiler, leader = _users(code)
        short = {"2.3": D("2.00"), "7.2": D("2.50")} if code != "cam-thanh" else {"9.1": D("3.00")}
        _self_score(scorecard, compiler, short)
        transition(scorecard=scorecard, user=leader, action="submit")
        if state == "submitted":
            continue
        transition(scorecard=scorecard, user=reviewer, action="start_review")
        _deduct(
            scorecard,
            reviewer,
            [("3.2", D("1.50"), "Tỷ lệ hồ sơ giải quyết trễ hẹn còn cao so với yêu cầu.")],
        )
        if state == "in_review":
            continue
        _deduct(
            scorecard,
            reviewer,
            [
                (
                    "8.1",
                    D("0.50"),
                    "Chưa công khai quy chế chi tiêu nội bộ trên bảng tin của cơ quan.",
                )
            ],
        )
        transition(scorecard=scorecard, user=reviewer, action="finish_review")
        transition(scorecard=scorecard, user=reviewer, action="publish")
