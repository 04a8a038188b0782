"""Rate limits counted in the cache, so that every gunicorn instance sharing one Redis
(CACHE_URL) counts the same requests.

A fixed window: the first request of a window creates its counter with the window's length as
timeout, every request adds one (Redis's INCR, atomic across instances). When the cache cannot
be reached the request is let through and the error logged: a Redis outage must not stop people
from resetting a password, and login throttling (django-axes) does not depend on the cache.
"""

import hashlib
import logging
import time

from django.core.cache import cache

log = logging.getLogger(__name__)


def rate_limit_hit(*, scope: str, key: str, limit: int, period: int) -> bool:
    """Count one request of `key` in `scope`; True while at most `limit` were counted in the
    current window of `period` seconds, False once the limit is passed."""
    window = int(time.time() // period)
    # Keys may hold e-mail addresses: hashed, they stay short and say nothing in Redis.
    digest = hashlib.sha256(key.strip().lower().encode()).hexdigest()[:32]
    name = f"ratelimit:{scope}:{digest}:{window}"
    try:
        cache.add(name, 0, timeout=period)
        count = cache.incr(name)
    except ValueError:  # evicted or expired between add and incr: this request opens the window
        cache.set(name, 1, timeout=period)
        count = 1
    except Exception:
        log.exception("Rate limit %s not counted: the cache is unreachable", scope)
        return True
    return count <= limit


def rate_limit_minutes_left(*, period: int) -> int:
    """Whole minutes (at least one) until the current window of `period` seconds ends."""
    return max(1, -(-(period - int(time.time()) % period) // 60))
