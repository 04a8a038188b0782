"""How text is compared: without diacritics, "đ" as "d", numbers and dates as word sequences."""

from datetime import date

from dvcq.reading.matching import fold, marked, matching_lines, parse_query, search_text, words
from dvcq.reading.services import page_starts


def test_folding_drops_every_vietnamese_mark_and_reads_d_for_dd():
    assert fold("Đảng ủy Tuyên truyền ƯỚC MƠ ngữ") == "dang uy tuyen truyen uoc mo ngu"
    assert words("45/KH-UBND, ngày 12/3/2026") == ["45", "kh", "ubnd", "ngay", "12", "3", "2026"]
    # The index keeps the marks (the database folds them) but not "đ", nor the punctuation.
    assert search_text("Số: 45/KH-UBND Đảng") == "Số 45 KH UBND Dảng"


def test_a_query_is_words_a_number_is_a_phrase_a_date_is_its_written_forms():
    query = parse_query("tuyên truyền 45/KH-UBND")
    assert query.words == ("tuyen", "truyen") and query.phrases == (("45", "kh", "ubnd"),)
    day = parse_query(" 05/03/2026 ")
    assert day.day == date(2026, 3, 5) and not day.words
    assert ("5", "3", "2026") in day.alternatives and ("05", "03", "2026") in day.alternatives
    assert ("ngay", "5", "thang", "3", "nam", "2026") in day.alternatives
    assert parse_query('"mô hình mới" xã').phrases == (("mo", "hinh", "moi"),)
    assert parse_query("31/11/2026").words == ("31", "11", "2026") or parse_query(
        "31/11/2026"
    ).phrases == (("31", "11", "2026"),)
    assert parse_query("  ").empty and parse_query("*** ( ) -").empty


def test_matching_lines_mark_the_words_where_they_are_written():
    text = "Dòng đầu\nKế hoạch tuyên truyền về Đảng ủy\nKhác\nTuyên truyền lần hai"
    parts = parse_query("tuyen truyen dang").parts()
    lines = matching_lines(text, parts, page_starts=[0, 40])
    assert [line.text for line in lines] == [
        "Kế hoạch tuyên truyền về Đảng ủy",
        "Tuyên truyền lần hai",
    ]
    # Neighbouring words found are marked as one.
    assert lines[0].parts() == [
        ("Kế hoạch ", False), ("tuyên truyền", True), (" về ", False), ("Đảng", True), (" ủy", False),
    ]  # fmt: skip
    assert [line.page for line in lines] == [1, 2]
    assert marked("Đảng ủy", [("uy",)]) == [("Đảng ", False), ("ủy", True)]


def test_a_number_is_marked_where_it_is_whole_only():
    parts = parse_query("46/KH-UBND").parts()
    (line,) = matching_lines("Số: 46/KH-UBND, theo Kế hoạch 18/KH-UBND", parts)
    assert [p for p, hit in line.parts() if hit] == ["46/KH-UBND"]
    assert matching_lines("Kế hoạch 18/KH-UBND", parts) == []


def test_a_long_line_is_cut_around_its_first_match():
    line = "x " * 300 + "tuyên truyền" + " y" * 300
    (found,) = matching_lines(line, [("tuyen",)])
    assert len(found.text) <= 242 and found.text.startswith("…") and found.text.endswith("…")
    assert [p for p, hit in found.parts() if hit] == ["tuyên"]


def test_a_cut_line_begins_and_ends_on_whole_words():
    # Was "…n, giáo dục pháp luật": the last letter of "biến" left alone after the dots.
    line = (
        "Thực hiện chương trình phổ biến, giáo dục pháp luật, Ủy ban nhân dân xã ban hành kế "
        "hoạch tuyên truyền pháp luật " + "trên các phương tiện thông tin đại chúng " * 8
    )
    (found,) = matching_lines(line, [("tuyen", "truyen")])
    words = set(line.split())
    inner = found.text.strip("…").split()
    assert inner[0] in words and inner[-1] in words, found.text
    assert [p for p, hit in found.parts() if hit] == ["tuyên truyền"]


def test_pages_are_found_in_the_text_whatever_joins_them():
    text = "Trang một\n\n\fTrang hai\n\fTrang ba"
    assert page_starts(text, ["Trang một", "Trang hai", "Trang ba"]) == [0, 12, 23]
    assert page_starts("một trang", ["một trang"]) == []


def test_only_the_lines_that_may_match_are_compared_word_by_word(monkeypatch):
    # A search page looks through the whole text of every file it shows: a 300-page file read
    # character by character took seconds a search (1,4 s for 1 MB), many words typed far more.
    from dvcq.reading import matching

    compared = []
    real_spans = matching._spans
    monkeypatch.setattr(
        matching, "_spans", lambda text, parts: compared.append(text) or real_spans(text, parts)
    )
    text = "Sinh hoạt của cơ quan, đơn vị, địa phương.\n" * 2000 + "Tuyên truyền pháp luật.\n"
    query = parse_query("tuyen truyen " + " ".join(["1/2"] * 40))
    assert len(query.parts()) == 3  # a part typed twice is looked for once
    lines = matching_lines(text, parse_query("tuyen truyen").parts())
    assert [line.text for line in lines] == ["Tuyên truyền pháp luật."]
    assert compared == ["Tuyên truyền pháp luật."]
