"""Fixtures of the campaign pages: Ba Thành's 2025 and 2026 campaigns, the coordinator, a
participant's member account, an officer without participation; and a Phụ lục 1 workbook
builder for the import tests."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from dvcq.org.models import Role
from models_dvk.importer import template_workbook
from models_dvk.models import Campaign, Field, Origin, ParticipantKind, Subject
from models_dvk.services import model_register
from tests.factories import UserFactory


def model_data(**overrides) -> dict:
    data = {
        "name": "Tủ sách nhân ái",
        "location": "Thôn Vàng",
        "host": "Chi bộ thôn Vàng",
        "field": Field.CULTURE,
        "subject": Subject.COLLECTIVE,
        "origin": Origin.NEW,
        "quantity": 1,
    }
    return {**data, **overrides}


@pytest.fixture
def party(ba_thanh):
    return UserFactory(username="bathanh.xaydungdang", unit=ba_thanh, roles=[Role.PARTY])


@pytest.fixture
def member(ba_thanh):
    return UserFactory(username="bathanh.canbo", unit=ba_thanh, roles=[Role.OFFICER])


@pytest.fixture
def officer(ba_thanh):
    """Of the same commune but registering for no participant."""
    return UserFactory(username="bathanh.congchuc", unit=ba_thanh, roles=[Role.OFFICER])


@pytest.fixture
def campaign_2025(ba_thanh, party):
    campaign = Campaign.objects.create(unit=ba_thanh, year=2025, organiser="Đảng ủy xã Ba Thành")
    vang = campaign.participants.create(
        name="Chi bộ thôn Vàng", kind=ParticipantKind.PARTY_CELL, is_party_org=True
    )
    model_register(
        campaign=campaign,
        participant=vang,
        data=model_data(name="Hiến đất làm đường", field=Field.RURAL),
        user=party,
        on=date(2025, 2, 1),
    )
    return campaign


@pytest.fixture
def campaign(campaign_2025, ba_thanh, party, member):
    campaign = Campaign.objects.create(
        unit=ba_thanh, year=2026, organiser="Đảng ủy xã Ba Thành", previous=campaign_2025
    )
    vang = campaign.participants.create(
        name="Chi bộ thôn Vàng", kind=ParticipantKind.PARTY_CELL, is_party_org=True
    )
    vang.members.add(member)
    campaign.participants.create(name="Hội Nông dân xã", kind=ParticipantKind.MASS_ORG)
    return campaign


@pytest.fixture
def model(campaign, party):
    return model_register(
        campaign=campaign,
        participant=campaign.participants.get(name="Chi bộ thôn Vàng"),
        data=model_data(),
        user=party,
        on=date(2026, 2, 1),
    )


def phu_luc_1(rows, *, year: int = 2026, drop_column: int | None = None) -> io.BytesIO:
    """A Phụ lục 1 workbook as units send it: the blank template's header, then `rows` (lists
    of STT, name, quantity, location, host, field, scale, Tập thể, Cá nhân)."""
    book = load_workbook(io.BytesIO(template_workbook(year, rows=rows)))
    if drop_column is not None:
        sheet = book.active
        for merged in list(sheet.merged_cells.ranges):
            sheet.unmerge_cells(str(merged))
        sheet.delete_cols(drop_column)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "phu-luc-1.xlsx"
    return out
