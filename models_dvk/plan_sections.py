"""The prose sections of a campaign's plan (seed 004, KẾ HOẠCH … “Dân vận khéo” năm 2026): what
each section is, the text suggested for it from the seed's wording with the campaign's own
figures and dates, and the draft the editor and the document read.

A section the Party staff never changed has no row: it prints its suggestion, so it follows the
campaign's data (a milestone moved, a year copied). A text equal to its suggestion is stored
empty for the same reason (see services.plan.plan_sections_save). Anything changed stays as
written; the editor warns of a deadline outside the campaign's year.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from criteria.deadlines import deadline_dates
from dvcq import wording
from dvcq.locking import fingerprint

from .models import Campaign, Milestone, MilestoneKind, PlanSection
from .services.appraisal import REPORT_DAYS_BEFORE
from .services.exemplar import DOSSIER

MOVEMENT = "phong trào thi đua “Dân vận khéo”"


@dataclass(frozen=True)
class Section:
    key: str
    label: object  # the editor's label (lazy text)
    rows: int = 4


# In the order the plan prints them. Headings and the data between them are the builder's.
SECTIONS = [
    Section("basis", _("Căn cứ (đoạn mở đầu)"), 3),
    Section("purpose", _("I.1. Mục đích"), 5),
    Section("requirement", _("I.2. Yêu cầu"), 4),
    Section("targets_note", _("II.1. Chỉ tiêu — ghi chú dưới các chỉ tiêu"), 5),
    Section("field_economy", _("II.2.1. Nội dung — lĩnh vực kinh tế"), 8),
    Section("field_culture", _("II.2.2. Nội dung — lĩnh vực văn hóa - xã hội"), 8),
    Section("field_defence", _("II.2.3. Nội dung — lĩnh vực quốc phòng - an ninh, tôn giáo"), 8),
    Section("field_politics", _("II.2.4. Nội dung — lĩnh vực xây dựng hệ thống chính trị"), 8),
    Section("subjects", _("III.1. Đối tượng đăng ký"), 4),
    Section("step_1", _("III.2. Bước 1 — xác định nội dung mô hình và đăng ký"), 6),
    Section("step_2", _("III.2. Bước 2 — triển khai thực hiện mô hình"), 6),
    Section("step_3", _("III.2. Bước 3 — khảo sát, kiểm tra, đánh giá"), 3),
    Section("step_4", _("III.2. Bước 4 — tổng kết, biểu dương, nhân rộng"), 3),
    Section("exemplar_criteria", _("IV.1.b. Tiêu chí điển hình “Dân vận khéo”"), 10),
    Section("principles", _("IV.2.1. Nguyên tắc xét công nhận"), 4),
    Section("appraisal", _("IV.2.2. Quy trình thẩm định"), 6),
    Section("recognition", _("IV.2.3. Công nhận mô hình, điển hình"), 3),
    Section("duties_party", _("V.1. Nhiệm vụ của Ban Xây dựng Đảng"), 10),
    Section("duties_units", _("V.2. Nhiệm vụ của các cơ quan, đơn vị"), 6),
    Section("closing", _("Đoạn kết"), 3),
]
KEYS = [s.key for s in SECTIONS]
STEP_TITLES = {
    "step_1": "Bước 1. Xác định nội dung mô hình và đăng ký thực hiện",
    "step_2": "Bước 2. Triển khai thực hiện mô hình",
    "step_3": "Bước 3. Khảo sát, kiểm tra, đánh giá kết quả thực hiện mô hình",
    "step_4": "Bước 4. Tổng kết, biểu dương, nhân rộng",
}
# The city-level dossier (services.exemplar.DOSSIER) as seed 004 words each paper.
DOSSIER_WORDING = {
    "minutes": "Biên bản họp bình xét của Ban Thường vụ {organiser} đề nghị khen thưởng.",
    "proposal": "Tờ trình của Ban Thường vụ {organiser} đề nghị khen thưởng.",
    "achievement": (
        "Báo cáo thành tích tập thể, cá nhân điển hình “Dân vận khéo”, có xác nhận của cấp ủy "
        "trực tiếp quản lý tập thể, cá nhân đó và xác nhận của cấp ủy cấp đề nghị khen thưởng"
    ),
    "summary": (
        "Trích ngang thành tích tập thể, cá nhân điển hình “Dân vận khéo” được đề xuất công nhận."
    ),
    "list": "Danh sách đề nghị công nhận điển hình “Dân vận khéo” cấp {level} năm {year}.",
}
COMMITTEE = {"province": "Tỉnh ủy", "city": "Thành ủy", "district": "Huyện ủy"}


def doc_word(campaign: Campaign) -> str:
    """ "Kế hoạch" for a "…-KH/ĐU" number (seed 004), "Hướng dẫn" for "…-HD/ĐU" (seed 003)."""
    _number, _sep, symbol = campaign.guide_number.partition("-")
    return "Hướng dẫn" if symbol.strip().upper().startswith("HD") else "Kế hoạch"


@dataclass(frozen=True)
class Higher:
    """The level above the organiser: "tỉnh" / "Tỉnh ủy" (seed 004: "thành phố" / "Thành ủy")."""

    level: str
    committee: str

    @property
    def department(self) -> str:
        return f"Ban Tuyên giáo và Dân vận {self.committee}"


def higher_of(campaign: Campaign) -> Higher:
    parent = campaign.unit.parent
    kind = getattr(parent, "kind", "")
    if kind in COMMITTEE:
        return Higher(wording.level_word(parent), COMMITTEE[kind])
    return Higher("cấp trên", "cấp ủy cấp trên")


def dossier_lines(campaign: Campaign) -> list[str]:
    """ "+ Biên bản họp bình xét …": one line per paper of services.exemplar.DOSSIER."""
    higher = higher_of(campaign)
    lines = []
    for kind, copies in DOSSIER:
        text = DOSSIER_WORDING.get(kind, "").format(
            organiser=campaign.organiser, level=higher.level, year=campaign.year
        )
        if kind == "achievement":
            text += f" (báo cáo làm {copies:02d} bộ, đóng quyển)."
        lines.append(f"+ {text}")
    return lines


def _deadline(milestones: dict[str, Milestone], kind: str, prefix: str = " trước ngày ") -> str:
    milestone = milestones.get(kind)
    return f"{prefix}{wording.day(milestone.due)}" if milestone else ""


def suggested_texts(campaign: Campaign, milestones: list[Milestone]) -> dict[str, str]:
    """Each section as seed 004 words it, with this campaign's organiser, level, year and
    deadlines (its milestones; a kind without a milestone leaves its "trước ngày …" out)."""
    year, organiser = campaign.year, campaign.organiser
    place = wording.level_word(campaign.unit)
    higher = higher_of(campaign)
    word = doc_word(campaign)
    by_kind: dict[str, Milestone] = {}
    for milestone in milestones:  # ordered by due: the first of a kind is its deadline
        by_kind.setdefault(milestone.kind, milestone)
    due = {kind: _deadline(by_kind, kind) for kind in MilestoneKind.values}
    standing = f"Ban Thường vụ {organiser}"
    return {
        "basis": campaign.guide_summary.strip()
        or (
            f"Thực hiện hướng dẫn của {higher.department} về thực hiện {MOVEMENT} năm {year}, "
            f"{standing} xây dựng {word.lower()} triển khai thực hiện, cụ thể như sau:"
        ),
        "purpose": (
            "- Nâng cao nhận thức, trách nhiệm của các cấp ủy Đảng, chính quyền, Mặt trận Tổ "
            "quốc Việt Nam, các tổ chức chính trị - xã hội, lực lượng vũ trang trong lãnh đạo, "
            f"chỉ đạo và tổ chức thực hiện {MOVEMENT}.\n"
            "- Phát huy vai trò, trách nhiệm và sức mạnh tổng hợp của cả hệ thống chính trị; huy "
            "động các tầng lớp Nhân dân tích cực tham gia thực hiện các nhiệm vụ chính trị, phát "
            "triển kinh tế - xã hội, giữ vững quốc phòng - an ninh, xây dựng hệ thống chính trị "
            "vững mạnh, đáp ứng yêu cầu công tác dân vận trong kỷ nguyên mới."
        ),
        "requirement": (
            "Phong trào thi đua “Dân vận khéo” cần được triển khai đồng bộ trong toàn hệ thống "
            "chính trị, bảo đảm tính thực chất, hiệu quả; tập trung giải quyết các vấn đề mới, "
            "vấn đề khó khăn, vướng mắc ở cơ sở mà cán bộ, Nhân dân đang quan tâm, qua đó góp "
            "phần củng cố niềm tin, tăng cường mối quan hệ gắn bó giữa Đảng, Nhà nước và Nhân dân."
        ),
        "targets_note": (
            "- Chủ thể thực hiện mô hình có thể giao các chi bộ, phòng, ban, tổ chức đoàn thể "
            "trực thuộc chủ trì triển khai thực hiện, bảo đảm phù hợp, thiết thực.\n"
            "* Lưu ý: Mô hình tính vào chỉ tiêu gồm các mô hình đã được triển khai thực hiện từ "
            f"những năm trước (còn phù hợp, có hiệu quả và được tiếp tục đăng ký thực hiện trong "
            f"năm {year} với mục tiêu, chỉ tiêu cao hơn) và các mô hình đăng ký xây dựng mới, bắt "
            f"đầu thực hiện từ năm {year}. Đối với những mô hình “Dân vận khéo” mới đăng ký năm "
            f"{year}, phải tổ chức ra mắt mô hình."
        ),
        "field_economy": (
            "- Khéo trong công tác vận động Nhân dân thực hiện giải phóng mặt bằng triển khai các "
            "dự án trọng điểm, hiến đất làm đường, xây dựng hạ tầng giao thông; xây dựng các mô "
            "hình sản xuất, kinh doanh hiệu quả, đổi mới công nghệ, ứng dụng khoa học kỹ thuật, "
            "bảo vệ môi trường; xây dựng các chuỗi liên kết từ sản xuất, chế biến đến tiêu thụ "
            "sản phẩm; phát triển các sản phẩm OCOP gắn với các làng nghề truyền thống và chương "
            f"trình mỗi {place} một sản phẩm.\n"
            f"- Vận động Nhân dân tích cực tham gia xây dựng {place} nông thôn mới, nông thôn mới "
            "hiện đại, phát triển kinh tế nông thôn; khắc phục tình trạng đất bỏ hoang; chuyển "
            "dịch cơ cấu cây trồng, vật nuôi theo hướng hiệu quả, bền vững; sản xuất nông nghiệp "
            "hữu cơ, phát triển nông nghiệp công nghệ cao; liên kết tiêu thụ sản phẩm nông "
            "nghiệp; hỗ trợ người dân tiếp cận nguồn vốn vay, khoa học kỹ thuật, khởi nghiệp.\n"
            "- Xây dựng mô hình “Tổ dân vận giúp nhau phát triển kinh tế, giảm nghèo bền vững”; "
            "vận động người dân và doanh nghiệp phát triển sản xuất, kinh doanh, tạo nhiều việc "
            "làm mới; tăng năng suất, chất lượng, hiệu quả."
        ),
        "field_culture": (
            "- Khéo trong việc vận động Nhân dân đoàn kết, tự nguyện, tự giác thực hiện quy ước, "
            "hương ước của địa phương; xây dựng đời sống văn hóa ở thôn, xây dựng gia đình văn "
            "hóa; khu vui chơi cho thanh thiếu nhi; các hoạt động nhân đạo, từ thiện, công tác "
            "phòng, chống dịch bệnh, vệ sinh môi trường, vệ sinh an toàn thực phẩm; công tác an "
            "sinh xã hội, xây dựng công trình phúc lợi xã hội; không lấn chiếm vỉa hè, lòng "
            "đường; xây dựng các tuyến đường sáng - xanh - sạch, tuyến đường hoa, cây cảnh; phân "
            "loại, thu gom, vận chuyển, xử lý chất thải, rác thải, cải tạo và phục hồi môi "
            "trường; thành lập và phát triển các mô hình tự quản trong cộng đồng dân cư; thực "
            "hiện chính sách với người có công, đền ơn đáp nghĩa; giúp đỡ hộ nghèo, hộ có hoàn "
            "cảnh khó khăn; hỗ trợ công nhân lao động; quan tâm các đối tượng yếu thế trong xã "
            "hội.\n"
            "- Khéo trong việc vận động Nhân dân giữ gìn và phát huy bản sắc văn hóa của địa "
            "phương, tham gia bảo tồn các công trình có giá trị về lịch sử, kiến trúc, văn hóa. "
            "Tổ chức các hoạt động văn hóa, văn nghệ, thể dục, thể thao; thực hiện nếp sống văn "
            "minh trong việc cưới, việc tang; xây dựng xã hội học tập, phát triển văn hóa đọc "
            "trong cộng đồng.\n"
            "- Khéo trong việc xây dựng các mô hình về chuyển đổi số, vận động người dân sử dụng "
            "dịch vụ công trực tuyến; hưởng ứng phong trào bình dân học vụ số; xây dựng các mô "
            "hình ứng dụng chuyển đổi số trong hoạt động giao thông, vận tải, y tế, giáo dục, "
            "truyền thông; chăm sóc sức khỏe, tham gia BHYT, phòng chống dịch bệnh."
        ),
        "field_defence": (
            "- Khéo trong việc vận động Nhân dân nâng cao ý thức chấp hành pháp luật.\n"
            "- “Dân vận khéo” trong bảo vệ an ninh Tổ quốc; vận động Nhân dân tham gia phòng, "
            f"chống tội phạm và tệ nạn xã hội; xây dựng {place}, cơ quan, đơn vị, trường học và "
            "các thôn an toàn về an ninh trật tự, không có tội phạm và tệ nạn xã hội; lắp đặt "
            "camera an ninh ở các cụm dân cư; xây dựng mô hình các tổ hòa giải ở cơ sở; phối hợp "
            "giải quyết mâu thuẫn trong nội bộ Nhân dân ngay từ cơ sở.\n"
            "- Khéo tuyên truyền, vận động thanh niên khám tuyển và thực hiện nghĩa vụ quân sự.\n"
            "- Khéo tuyên truyền, vận động tín đồ tôn giáo chấp hành chủ trương, đường lối của "
            "Đảng; chính sách, pháp luật của Nhà nước và các chủ trương, chính sách của địa "
            "phương; xây dựng đoàn kết lương - giáo; sống “tốt đời - đẹp đạo”; vận động chức "
            "sắc, tín đồ tôn giáo tham gia các hoạt động đóng góp vào quá trình xây dựng, phát "
            "triển địa phương; phát huy vai trò người có uy tín; phối hợp giải quyết các vấn đề "
            "phát sinh, không để xảy ra điểm nóng."
        ),
        "field_politics": (
            "- Khéo vận động các cá nhân, tổ chức trong việc thành lập và xây dựng các tổ chức "
            "cơ sở Đảng, đoàn thể trong sạch, vững mạnh; nhất là khéo tuyên truyền, vận động "
            "thành lập tổ chức Đảng, đoàn thể trong các doanh nghiệp ngoài Nhà nước; nâng cao "
            "trách nhiệm nêu gương của cán bộ, đảng viên, nhất là người đứng đầu; mô hình “Chi bộ "
            "gần dân, sát dân, vì Nhân dân phục vụ”.\n"
            "- “Dân vận khéo” trong cải cách thủ tục hành chính, nâng cao tinh thần phục vụ Nhân "
            "dân; tuyên truyền, vận động cán bộ, công chức, viên chức tích cực xây dựng và thực "
            "hiện mô hình “Chính quyền thân thiện vì Nhân dân phục vụ” trong các cơ quan hành "
            "chính, chính quyền; tiếp công dân và giải quyết khiếu nại, tố cáo; thực hiện Luật "
            "dân chủ ở cơ sở; tham gia giám sát cộng đồng, góp ý xây dựng Đảng, chính quyền; xây "
            "dựng hệ thống chính trị cơ sở và xây dựng đội ngũ cốt cán ở nơi tập trung đông tín "
            "đồ tôn giáo; thực hiện cải cách tư pháp, trợ giúp pháp lý, hòa giải ở cơ sở."
        ),
        "subjects": (
            "a) Tập thể: Các cơ quan, đơn vị, hội quần chúng, doanh nghiệp trên địa bàn "
            f"{place}.\n"
            "b) Cá nhân: Cán bộ, đảng viên, công chức, viên chức, người lao động, đoàn viên, hội "
            "viên thuộc cơ quan, đơn vị, hội quần chúng, doanh nghiệp và các cá nhân khác hiện "
            "đang cư trú, làm việc, học tập, lao động, công tác, sinh hoạt trên địa bàn "
            f"{place}."
        ),
        "step_1": (
            "- Căn cứ vào tình hình thực tế và nhiệm vụ chính trị của từng cơ quan, đơn vị để "
            "xem xét, đăng ký mô hình và tên gọi cho phù hợp (ưu tiên tập trung vào những vấn đề "
            "mới, vấn đề khó khăn, cấp bách, các vấn đề bức xúc trong Nhân dân đang được các cấp "
            "ủy, chính quyền, ngành, cơ quan, đơn vị quan tâm chỉ đạo giải quyết).\n"
            "- Khảo sát tình hình, địa bàn nơi thực hiện mô hình; xác định cụ thể thực trạng, "
            "thuận lợi, khó khăn, loại hình, lĩnh vực của mô hình; đề ra các mục tiêu, nhiệm vụ, "
            "giải pháp khi xây dựng mô hình.\n"
            "- Báo cáo cấp ủy, chính quyền, lãnh đạo cơ quan, đơn vị cùng cấp xin chủ trương xây "
            "dựng mô hình.\n"
            "- Đăng ký thực hiện mô hình với cấp ủy, lãnh đạo cơ quan, đơn vị theo phân cấp quản "
            "lý."
        ),
        "step_2": (
            "- Xây dựng kế hoạch tổ chức thực hiện mô hình, xác định rõ: Tên mô hình, chủ thể "
            "thực hiện, lực lượng cần phối hợp; mục tiêu, các tiêu chí, kết quả cần đạt; cách "
            "thức, biện pháp thực hiện, tiến độ thời gian hoàn thành; các nguồn lực, điều kiện "
            "đảm bảo mục tiêu đề ra; thời gian ra mắt mô hình (đối với các mô hình mới xây dựng "
            f"trong năm {year}); thời gian khảo sát, kiểm tra, tổng kết, báo cáo. Phân công lãnh "
            "đạo, cán bộ chịu trách nhiệm trực tiếp chỉ đạo và theo dõi quá trình triển khai.\n"
            "- Tổ chức hội nghị ra mắt mô hình (đối với các mô hình mới xây dựng trong năm "
            f"{year}); tổ chức cho các tập thể, cá nhân liên quan ký cam kết thực hiện các nội "
            "dung liên quan.\n"
            "- Tổ chức tuyên truyền, vận động, thuyết phục và hướng dẫn cán bộ, công chức, viên "
            "chức, chiến sỹ lực lượng vũ trang, Nhân dân và các lực lượng liên quan làm nòng cốt "
            "tham gia xây dựng mô hình. Vận động các nguồn lực để bảo đảm điều kiện triển khai mô "
            "hình đạt hiệu quả."
        ),
        "step_3": (
            "Tổ chức kiểm tra, khảo sát, đánh giá hiệu quả thực hiện các mô hình; kịp thời nhân "
            "rộng những cách làm hiệu quả, đồng thời có biện pháp hỗ trợ, hướng dẫn khắc phục "
            "những hạn chế để nâng cao chất lượng, hiệu quả mô hình."
        ),
        "step_4": (
            "Tổng kết, đánh giá kết quả thực hiện phong trào và tổ chức biểu dương, khen thưởng ở "
            "cấp mình theo thẩm quyền; đồng thời lựa chọn, giới thiệu các tập thể, cá nhân điển "
            f"hình trong thực hiện {MOVEMENT} gửi về {higher.department} để xét công nhận điển "
            f"hình “Dân vận khéo” cấp {higher.level} và đề nghị cấp có thẩm quyền biểu dương, "
            "khen thưởng."
        ),
        "exemplar_criteria": (
            "- Đối với tập thể điển hình “Dân vận khéo”:\n"
            f"+ Đảm bảo đầy đủ các tiêu chí chung được quy định tại mục 1, phần IV {word} này.\n"
            "+ Mô hình được cấp có thẩm quyền đánh giá và công nhận là mô hình tiêu biểu nhất "
            "trong số các mô hình “Dân vận khéo” của cơ quan, tổ chức, đơn vị.\n"
            "+ Trong năm đánh giá, cơ quan, tổ chức, đơn vị được cấp có thẩm quyền đánh giá hoàn "
            "thành tốt nhiệm vụ trở lên.\n"
            "- Đối với cá nhân điển hình “Dân vận khéo”:\n"
            f"+ Đảm bảo đầy đủ các tiêu chí chung được quy định tại mục 1, phần IV {word} này.\n"
            "+ Cá nhân phải trực tiếp tham gia xây dựng và thực hiện mô hình “Dân vận khéo”, được "
            "cấp có thẩm quyền đánh giá công nhận là mô hình tiêu biểu nhất trong số các mô hình "
            "“Dân vận khéo” của cơ quan, tổ chức, đơn vị và phải đảm bảo các tiêu chí sau: có "
            "nhiều sáng tạo, cách làm hay đem lại hiệu quả cao góp phần thực hiện thành công mô "
            "hình; tích cực động viên, giúp đỡ, chia sẻ kinh nghiệm để các tập thể, cá nhân trong "
            "cộng đồng tin tưởng, học tập và làm theo, tạo sức lan tỏa của mô hình; trực tiếp "
            "tuyên truyền, vận động cán bộ, đảng viên, đoàn viên, hội viên, quần chúng nhân dân "
            "tham gia thực hiện hiệu quả mô hình “Dân vận khéo” ở lĩnh vực đăng ký thực hiện; "
            "khéo trong tuyên truyền, vận động Nhân dân, nói đi đôi với làm, tạo được uy tín cá "
            "nhân để cán bộ, đảng viên, đoàn viên, hội viên và Nhân dân tin tưởng, làm theo; có "
            "phẩm chất đạo đức tốt, lối sống lành mạnh, bản thân và gia đình gương mẫu, chấp hành "
            "tốt đường lối, chủ trương của Đảng và chính sách, pháp luật của Nhà nước, quy định "
            "của địa phương, cơ quan, đơn vị; gương mẫu, nêu gương, không tham nhũng và kiên "
            "quyết chống tham nhũng, lãng phí, tiêu cực, chủ nghĩa cá nhân.\n"
            "+ Đối với cá nhân lãnh đạo, quản lý có thêm tiêu chí sau: có những ý tưởng hay, cách "
            "làm sáng tạo trong lãnh đạo, chỉ đạo triển khai thực hiện mô hình; mỗi năm chỉ đạo "
            "xây dựng mới hoặc nhân rộng ít nhất 01 mô hình “Dân vận khéo” đảm bảo thiết thực, "
            "hiệu quả; trong năm đánh giá, cơ quan, tổ chức, đơn vị được cấp có thẩm quyền đánh "
            "giá hoàn thành tốt nhiệm vụ trở lên."
        ),
        "principles": (
            "- Đúng các tiêu chí mô hình, điển hình “Dân vận khéo” (tại mục 1, phần IV "
            f"{word} này), được cấp ủy, chính quyền, cơ quan, đơn vị công nhận.\n"
            "- Dân chủ, công khai, minh bạch trong xét chọn, công nhận.\n"
            "- Trong quá trình theo dõi, khảo sát, kiểm tra, giám sát kết quả thực hiện phong "
            "trào, nếu phát hiện các mô hình sáng tạo, đảm bảo theo tiêu chí, tiêu chuẩn mô hình "
            "“Dân vận khéo”, mang lại hiệu quả thiết thực cho công tác tuyên giáo và dân vận, Ban "
            "Xây dựng Đảng xem xét, đề xuất cấp ủy công nhận cho những mô hình đó."
        ),
        "appraisal": (
            "- Bước 1. Xây dựng kế hoạch thẩm định, thành lập Đoàn thẩm định.\n"
            "- Bước 2. Tập thể, cá nhân có mô hình được thẩm định xây dựng báo cáo kết quả thực "
            "hiện mô hình; chuẩn bị các điều kiện về thời gian, địa điểm, thành phần dự hội nghị; "
            "hồ sơ, tài liệu minh chứng tính hiệu quả của mô hình. Gửi báo cáo về Đoàn thẩm định "
            f"trước {REPORT_DAYS_BEFORE:02d} ngày tổ chức hội nghị thẩm định.\n"
            "- Bước 3. Tổ chức hội nghị thẩm định.\n"
            "- Bước 4. Ban hành thông báo kết quả hội nghị thẩm định.\n"
            "- Bước 5. Tham mưu cho cấp ủy ban hành Quyết định công nhận mô hình “Dân vận khéo”."
        ),
        "recognition": (
            "- Căn cứ kết quả thẩm định, Ban Xây dựng Đảng tham mưu cho "
            f"{organiser} bình xét, ban hành Quyết định công nhận mô hình “Dân vận khéo” của "
            f"{place}.\n"
            "- Trên cơ sở các mô hình “Dân vận khéo” đã được công nhận, "
            f"{standing} tiến hành bình xét mô hình tiêu biểu nhất, đề xuất {higher.department} "
            f"công nhận điển hình “Dân vận khéo” cấp {higher.level}."
        ),
        "duties_party": (
            f"- Tham mưu {standing} chỉ đạo xây dựng {word} thực hiện {MOVEMENT}, xây dựng mô "
            f"hình “Dân vận khéo” đảm bảo hoàn thành chỉ tiêu năm {year}. Gửi báo cáo, bản tổng "
            f"hợp đăng ký mô hình “Dân vận khéo” về {higher.department}"
            f"{due[MilestoneKind.REPORT_HIGHER]} (theo Phụ lục 1 gửi kèm).\n"
            f"- Tham mưu {standing} chỉ đạo thẩm định, đánh giá, bình xét, công nhận mô hình "
            "“Dân vận khéo”, lựa chọn giới thiệu điển hình, mô hình “Dân vận khéo” tiêu biểu đề "
            f"nghị {higher.department} công nhận và biểu dương cấp {higher.level}"
            + (
                f" (hoàn thành{due[MilestoneKind.RECOGNITION]})"
                if due[MilestoneKind.RECOGNITION]
                else ""
            )
            + ".\n"
            f"- Xây dựng Báo cáo kết quả thực hiện {MOVEMENT} 06 tháng đầu năm"
            f"{due[MilestoneKind.SIX_MONTH]}; Báo cáo năm{due[MilestoneKind.ANNUAL]} gửi về "
            f"{higher.department} (theo Phụ lục 4 gửi kèm).\n"
            f"- Thực hiện lập, lưu trữ hồ sơ triển khai thực hiện {MOVEMENT} đầy đủ, đảm bảo "
            "theo quy định.\n"
            f"- Tham mưu {standing} hướng dẫn, đôn đốc, kiểm tra, đánh giá kết quả thực hiện "
            f"{MOVEMENT} năm {year}. Tổng hợp báo cáo kết quả thực hiện {MOVEMENT} và báo cáo "
            f"đánh giá kết quả thực hiện chỉ tiêu về mô hình “Dân vận khéo” năm {year} gửi về "
            f"Thường trực, {standing} và {higher.department}"
            + (
                f", hoàn thành{due[MilestoneKind.TARGET_REPORT]}"
                if due[MilestoneKind.TARGET_REPORT]
                else ""
            )
            + ".\n"
            "- Tổng hợp, đánh giá, đề nghị cấp có thẩm quyền xét khen thưởng các điển hình "
            f"“Dân vận khéo” tiêu biểu năm {year}; tổ chức biểu dương, khen thưởng tại Hội nghị "
            f"tổng kết công tác xây dựng Đảng năm {year}."
        ),
        "duties_units": (
            f"- Căn cứ vào {word}, rà soát các mô hình “Dân vận khéo” đã đăng ký từ năm "
            f"{year - 1} nếu còn phù hợp, có hiệu quả thì được tiếp tục đăng ký thực hiện trong "
            f"năm {year} với mục tiêu, chỉ tiêu cao hơn. Đăng ký mô hình mới thực hiện từ năm "
            f"{year} đáp ứng yêu cầu. Các tổ chức, cá nhân đăng ký mô hình gửi thông tin về Ban "
            f"Xây dựng Đảng{due[MilestoneKind.REGISTRATION]} (theo Phụ lục 1 gửi kèm).\n"
            "- Các tổ chức, cá nhân thường xuyên rà soát các mô hình “Dân vận khéo” đã đăng ký "
            "từ đầu năm; giữ lại các mô hình còn hiệu quả, thiết thực; loại bỏ các mô hình không "
            "còn phù hợp với tình hình thực tế; bổ sung các mô hình mới đáp ứng yêu cầu nhiệm vụ. "
            "Tổng hợp danh sách mô hình sau rà soát và đăng ký gửi về Ban Xây dựng Đảng"
            f"{due[MilestoneKind.ANNUAL]} (theo Phụ lục 4 gửi kèm)."
        ),
        "closing": (
            f"Trên đây là {word} thực hiện {MOVEMENT} năm {year} của {standing}. Trong quá trình "
            "tổ chức thực hiện, có khó khăn, vướng mắc đề nghị các cơ quan, đơn vị kịp thời thông "
            f"tin về Thường trực {organiser} (qua Ban Xây dựng Đảng) để được xem xét, giải quyết."
        ),
    }


@dataclass
class PlanDraft:
    """The campaign's plan texts: what was written, else what is suggested."""

    campaign: Campaign
    milestones: list[Milestone]
    stored: dict[str, PlanSection] = field(default_factory=dict)
    suggestions: dict[str, str] = field(default_factory=dict)

    def text(self, key: str) -> str:
        section = self.stored.get(key)
        return (section.text if section else "") or self.suggestions[key]

    def edited(self, key: str) -> bool:
        section = self.stored.get(key)
        return bool(section and section.text)

    def lines(self, key: str) -> list[str]:
        return [line.strip() for line in self.text(key).splitlines() if line.strip()]

    @property
    def fingerprint(self) -> str:
        """What the editor read: the version of every stored section (see dvcq.locking)."""
        return fingerprint(sorted((k, s.version) for k, s in self.stored.items()))


def plan_draft(campaign: Campaign) -> PlanDraft:
    """Two queries: the milestones and the stored sections (the unit and its parent are read
    from `campaign`, loaded with them by the callers)."""
    milestones = list(campaign.milestones.order_by("due", "pk"))
    stored = {
        s.key: s for s in campaign.plan_sections.select_related("updated_by") if s.key in KEYS
    }
    return PlanDraft(
        campaign=campaign,
        milestones=milestones,
        stored=stored,
        suggestions=suggested_texts(campaign, milestones),
    )


def outside_year(text: str, year: int) -> list:
    """Deadlines written in `text` ("trước ngày 30/11/2021") that fall outside `year`."""
    return [d for d in deadline_dates(text or "") if d.year != year]
