"""The demo data (seed 001's Ba Thành 2024, the 2025 season) loaded once per test class."""

import shutil
import subprocess
import tempfile
from contextlib import redirect_stdout
from io import BytesIO, StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from docx import Document

from dvcq.org.models import Role, Unit, User
from scoring.models import Scorecard
from tests.factories import UserFactory


class DemoTestCase(TestCase):
    """seed_demo runs in setUpTestData: before pytest's fixtures, so media and password
    hashing are set here rather than by the autouse fixtures of conftest."""

    @classmethod
    def setUpClass(cls):
        cls._media = tempfile.mkdtemp(prefix="dvcq-test-media-")
        cls._settings = override_settings(
            MEDIA_ROOT=cls._media,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        )
        cls._settings.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._settings.disable()
        shutil.rmtree(cls._media, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        with redirect_stdout(StringIO()):
            call_command("seed_demo")
        cls.ba_thanh = Unit.objects.get(code="ba-thanh")
        cls.province = Unit.objects.get(code="quang-ngai")
        cls.compiler = User.objects.get(username="bathanh.vanphong")
        cls.leader = User.objects.get(username="bathanh.lanhdao")
        cls.officer = User.objects.get(username="bathanh.canbo")
        cls.reviewer = User.objects.get(username="tinh.danhgia")
        cls.other_compiler = User.objects.get(username="anphu.vanphong")
        cls.card_2024 = Scorecard.objects.get(round__unit=cls.ba_thanh, round__framework__year=2024)

    @staticmethod
    def compiler_of(code: str) -> User:
        return UserFactory(unit=Unit.objects.get(code=code), roles=[Role.COMPILER])


def docx_paragraphs(content: bytes) -> list[str]:
    document = Document(BytesIO(content))
    return [p.text for p in document.paragraphs if p.text.strip()]


def docx_table_rows(content: bytes, index: int = 0) -> list[list[str]]:
    document = Document(BytesIO(content))
    # tables[0] is the heading block (issuing body, number, date) of a headed document
    return [[c.text for c in row.cells] for row in document.tables[index].rows]


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(
            ["pdftotext", "-raw", handle.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return " ".join(out.split())
