"""The cache: local memory by default, Redis with CACHE_URL, and what happens when Redis is down."""

import logging

from dvcq.ratelimit import rate_limit_hit
from tests.servers.processes import free_port, redis_server
from tests.test_settings import _manage

SHOW_CACHE = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"


def test_cache_url_puts_the_cache_in_redis_and_nothing_else_is_accepted():
    default = _manage("shell", "--no-imports", "-c", SHOW_CACHE, CACHE_URL="")
    redis = _manage("shell", "--no-imports", "-c", SHOW_CACHE, CACHE_URL="redis://10.0.0.5:6379/1")
    memcached = _manage(
        "shell", "--no-imports", "-c", SHOW_CACHE, CACHE_URL="memcached://10.0.0.5:11211"
    )
    assert default.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
    assert redis.stdout.strip() == "django.core.cache.backends.redis.RedisCache", redis.stderr
    assert memcached.returncode != 0
    assert "CACHE_URL must be a redis://" in memcached.stderr


def _redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def test_a_limit_counted_in_redis_is_seen_by_another_process(settings, tmp_path):
    import redis

    with redis_server(tmp_path / "redis") as url:
        settings.CACHES = _redis_cache(url)
        assert [
            rate_limit_hit(scope="thu", key="canbo@quangngai.example", limit=2, period=3600)
            for _ in range(3)
        ] == [True, True, False]
        # What another instance reads from the same Redis: one counter, at 3.
        counters = redis.Redis.from_url(url).keys("*ratelimit:thu:*")
        assert len(counters) == 1
        assert redis.Redis.from_url(url).get(counters[0]) == b"3"


def test_when_redis_is_down_the_request_goes_through_and_the_error_is_logged(settings, caplog):
    settings.CACHES = _redis_cache(f"redis://127.0.0.1:{free_port()}/0")  # nobody listens
    with caplog.at_level(logging.ERROR, logger="dvcq.ratelimit"):
        assert rate_limit_hit(scope="thu", key="x", limit=1, period=60)
    assert "cache is unreachable" in caplog.text
