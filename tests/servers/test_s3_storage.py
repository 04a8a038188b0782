"""Evidence files in S3-compatible storage (django-storages' S3Storage), spoken to over HTTP
through boto3 exactly as in production, against moto's S3 server."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import EvidenceFile
from tests.evidence import files
from tests.servers.processes import s3_keys, s3_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def s3_storage(settings):
    """FILE_STORAGE=storages.backends.s3.S3Storage and the AWS_* variables, pointed at a fresh
    bucket on a moto server."""
    with s3_server("dvcq-minh-chung") as config:
        for name, value in config.items():
            setattr(settings, name, value)
        # Set last: changing STORAGES makes Django build the storage again, reading AWS_* above.
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage"},
        }
        yield config


def test_an_evidence_file_goes_to_the_bucket_and_comes_back_through_the_download_view(
    client, officer, item_4_3, s3_storage, settings
):
    from storages.backends.s3 import S3Storage

    scan = files.pdf("Biên bản họp dân thôn Vàng " * 2000)  # ~50 kB, several reads
    client.force_login(officer)
    response = client.post(
        f"/minh-chung/noi-dung/{item_4_3.pk}/them/",
        {
            "number": "12/BB-UBND",
            "issued_on": "2025-10-23",
            "issuer": "UBND xã Ba Thành",
            "summary": "Biên bản đối thoại với Nhân dân",
            "files": [SimpleUploadedFile("bien-ban.pdf", scan)],
        },
    )
    assert response.status_code == 302
    stored = EvidenceFile.objects.get()
    assert isinstance(stored.file.storage, S3Storage)
    # In the bucket under the generated name, and nowhere on the local disk.
    assert s3_keys(s3_storage) == [stored.file.name]
    assert not (settings.MEDIA_ROOT / "evidence").exists()

    download = client.get(f"/minh-chung/tep/{stored.pk}/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == stored.sha256 == hashlib.sha256(scan).hexdigest()
    assert "bien-ban.pdf" in download["Content-Disposition"]
