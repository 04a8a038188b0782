"""What a page weighs: every page of the demo is at most 120 KB of HTML, leaves compressed and
with its static files is at most 150 KB on a first visit; files (evidence, binders, generated
documents) leave byte for byte as they are stored or built.

`WEIGHT_REPORT=/path` writes each page's size, raw and compressed, to that file (the figures
of issue 17).
"""

import gzip
import os
import re

import pytest
from django.contrib.staticfiles import finders

from dvcq.org.models import User
from evidence.models import EvidenceFile
from tests.demo_pages import PUBLIC_PAGES, demo_pages

LIMIT = 120 * 1024
# What a first visit downloads: the page and its stylesheets, scripts and icon, compressed as
# WhiteNoise and the middleware send them.
FIRST_LOAD_LIMIT = 150 * 1024
STATIC_REFERENCE = re.compile(r'(?:href|src)="/static/([^"?#]+)"')
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def _compressed_size(path: str) -> int:
    found = finders.find(path)
    assert found, path
    with open(found, "rb") as file:
        return len(gzip.compress(file.read()))


def test_every_page_of_the_demo_is_light_and_leaves_compressed(client, demo):
    sizes = []
    problems = []
    walk = [(None, PUBLIC_PAGES), *demo_pages().items()]
    for username, urls in walk:
        if username is None:
            client.logout()
        else:
            client.force_login(User.objects.get(username=username))
        for url in urls:
            response = client.get(url, **GZIP)
            if response.status_code != 200:
                problems.append(f"{url}: status {response.status_code}")
                continue
            if response.headers.get("Content-Encoding") != "gzip":
                problems.append(f"{url}: not compressed")
                continue
            html = gzip.decompress(response.content)
            statics = set(STATIC_REFERENCE.findall(html.decode()))
            first_load = len(response.content) + sum(_compressed_size(p) for p in statics)
            sizes.append((username, url, len(html), len(response.content), first_load))
            if len(html) > LIMIT:
                problems.append(f"{url}: {len(html) // 1024} KB of HTML")
            if first_load > FIRST_LOAD_LIMIT:
                problems.append(f"{url}: {first_load // 1024} KB on first load")
    if report := os.environ.get("WEIGHT_REPORT"):
        with open(report, "w") as out:
            for row in sizes:
                out.write("\t".join(map(str, row)) + "\n")
    assert problems == []


def test_a_page_is_sent_plain_to_a_client_that_asks_for_no_compression(client, demo):
    client.force_login(demo.compiler)
    response = client.get("/")
    assert "Content-Encoding" not in response.headers
    assert "<html" in response.text


def test_evidence_files_and_binders_leave_byte_for_byte(client, demo):
    evidence = EvidenceFile.objects.get(record__number="12/KH-UBND")
    client.force_login(demo.compiler)
    stored = evidence.file.open("rb").read()
    for url in (f"/minh-chung/tep/{evidence.pk}/", f"/minh-chung/tep/{evidence.pk}/?inline=1"):
        response = client.get(url, **GZIP)
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers, url
        assert b"".join(response.streaming_content) == stored, url
    binder = client.get(f"/minh-chung/ky/{evidence.record.round_id}/ho-so.zip", **GZIP)
    assert binder.status_code == 200
    assert "Content-Encoding" not in binder.headers
    assert b"".join(binder.streaming_content)[:2] == b"PK"


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pdf"])
def test_generated_documents_are_not_compressed_again(client, demo, kind):
    client.force_login(demo.compiler)
    response = client.get(f"/van-ban/annex/ba-thanh/2026/?format={kind}", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    content = b"".join(getattr(response, "streaming_content", [response.content]))
    assert content[:4] in (b"PK\x03\x04", b"%PDF")
