"""Django's Redis cache, failing open: when Redis does not answer, pages still serve.

Everything this site keeps in the cache can be lost without losing anything a person wrote:
rendered pages, the page-cache and watched-word versions, related-story lists, moderator
author-key lookups and rate-limit counts. So a Redis outage must not turn every page into a
500. While Redis is down each call returns what an empty cache would (``get`` the default,
``add`` False, ``incr`` None, writes nothing) and, for ``RETRY_SECONDS``, does not even try the
connection, so requests do not queue on connect timeouts.

What that means, decided here once:
- pages are rendered for every request (no page cache) until Redis answers again;
- rate limits are not counted: requests go through (config/ratelimit.py logs each skipped
  limit), because locking every writer out during an outage is worse than a burst of posts
  that pre-moderation and the review queue still catch;
- Redis restarted empty is a new page-cache version: nothing stale is served. Redis that kept
  its data through a partition may serve pages up to UNSPOKEN_PAGE_CACHE_SECONDS old.

One warning is logged when a process loses Redis and one line when it is back, never a line per
request, and never a client address (the message names only the error type).

Two costs of Django's client are paid once here instead of on every call:
- it builds a new ``redis.Redis`` for each command, and on this project's hosts building one
  (its table of reply parsers) cost more CPU than the round trip itself; one client per
  connection pool is kept instead (they are thread-safe, and a pool inherited over a fork opens
  its own connections in the child);
- ``advance`` moves a counter on and stamps keys with the new value in one round trip (a Lua
  script), where ``add``, ``incr`` (which asks ``EXISTS`` first) and ``set_many`` took four; on
  a server that runs no scripts it logs that once and takes two (a pipeline, then ``MSET``).
"""

import logging
import time

# Imported here, not on first use as Django does: gunicorn's master imports this module before
# it forks (config/warmup.py), so no worker spends its first request importing the client.
import redis  # noqa: F401
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import NoPermissionError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# How long a process skips Redis after a failed call before it tries again.
RETRY_SECONDS = 1.0


# Start the counter at ARGV[1] unless it exists, add one, and stamp every other key with the new
# value (no expiry, as ``set_many(..., None)``): the value the serializer reads back as an int.
_ADVANCE = """
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local value = redis.call('INCR', KEYS[1])
for i = 2, #KEYS do
    redis.call('SET', KEYS[i], value)
end
return value
"""


def _refuses_scripts(error) -> bool:
    """A reply saying scripts may not run here (no permission, unknown command, scripting
    disabled), as opposed to an error inside a script that ran."""
    message = str(error).lower()
    return (
        isinstance(error, NoPermissionError)
        or "unknown command" in message
        or ("script" in message and "disabled" in message)
    )


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per pool, with ``advance``."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}
        self._advance_script = None
        self._scripts_refused = False

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client

    def advance(self, counter, start, stamped):
        client = self.get_client(counter, write=True)
        if not self._scripts_refused:
            if self._advance_script is None:
                self._advance_script = client.register_script(_ADVANCE)
            try:
                return int(
                    self._advance_script(keys=[counter, *stamped], args=[start], client=client)
                )
            except self._lib.exceptions.ResponseError as error:
                if not _refuses_scripts(error):
                    raise
                # A server (or an account on it) that runs no scripts: the same in plain
                # commands from now on, rather than pages that are never retired.
                logger.warning(
                    "Redis refused a script (%s): retiring pages with plain commands.",
                    type(error).__name__,
                )
                self._scripts_refused = True
        pipeline = client.pipeline(transaction=False)
        pipeline.set(counter, start, nx=True)
        pipeline.incr(counter)
        value = pipeline.execute()[1]
        if stamped:
            client.mset(dict.fromkeys(stamped, value))
        return value


class FailOpenRedisCacheClient(ReusingRedisCacheClient):
    def __init__(self, servers, **options):
        # A pooled connection that Redis closed on restart is retried once at once; a Redis
        # that hangs costs at most a second, not a worker's whole timeout.
        options.setdefault("retry", Retry(NoBackoff(), 1))
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(servers, **options)
        self._down_until = 0.0
        self._down = False

    def _call(self, method: str, fallback, *args):
        if self._down and time.monotonic() < self._down_until:
            return fallback() if callable(fallback) else fallback
        try:
            result = getattr(super(), method)(*args)
        except self._lib.RedisError as error:
            if not self._down:
                logger.warning(
                    "Redis did not answer (%s): serving without the shared cache, "
                    "rate limits not counted, until it answers again.",
                    type(error).__name__,
                )
            self._down = True
            self._down_until = time.monotonic() + RETRY_SECONDS
            return fallback() if callable(fallback) else fallback
        if self._down:
            self._down = False
            logger.warning("Redis answers again: shared cache and rate limits are back.")
        return result

    def add(self, key, value, timeout):
        return self._call("add", False, key, value, timeout)

    def get(self, key, default):
        return self._call("get", default, key, default)

    def set(self, key, value, timeout):
        return self._call("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        return self._call("delete", False, key)

    def get_many(self, keys):
        return self._call("get_many", dict, keys)

    def has_key(self, key):
        return self._call("has_key", False, key)

    def incr(self, key, delta):
        # None, not an exception: django-ratelimit reads it as "could not count" (fail open),
        # and a version bump that did not happen is harmless while nothing is cached.
        return self._call("incr", None, key, delta)

    def set_many(self, data, timeout):
        return self._call("set_many", None, data, timeout)

    def delete_many(self, keys):
        return self._call("delete_many", None, keys)

    def clear(self):
        return self._call("clear", False)

    def advance(self, counter, start, stamped):
        # None, as ``incr``: nothing is served from the page cache while it is down.
        return self._call("advance", None, counter, start, stamped)


class FailOpenRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that answers as empty while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient

    def advance(self, counter, start, stamped=(), version=None):
        """Add one to ``counter`` (first set to ``start`` if missing) and set each key of
        ``stamped`` to the result, forever, in one round trip; returns the result, or None
        while Redis does not answer."""
        keys = [self.make_and_validate_key(k, version=version) for k in (counter, *stamped)]
        return self._cache.advance(keys[0], start, keys[1:])
