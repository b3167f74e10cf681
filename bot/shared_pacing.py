"""One write throttle per credential shared by every process, in Redis.

Several workers each pacing on their own would together write N times too fast. Here every
write reserves its slot in Redis, atomically (one Lua script): the same token bucket as
`bot.pacing.WritePacer` (a burst, then one write per interval: under 80 a minute), plus a cap of
`per_hour` writes in any hour (GitHub's 500). The caller sleeps until its slot, holding nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import redis

WRITES_PER_HOUR = 500

_RESERVE = """
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
local interval, burst, per_hour = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or burst)
local updated = tonumber(redis.call('HGET', KEYS[1], 'updated') or now)
tokens = math.min(burst, tokens + (now - updated) / interval) - 1
local slot = now + math.max(0, -tokens * interval)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 3600)
local taken = redis.call('ZCARD', KEYS[2])
if taken >= per_hour then
  local nth = redis.call('ZRANGE', KEYS[2], taken - per_hour, taken - per_hour, 'WITHSCORES')
  slot = math.max(slot, tonumber(nth[2]) + 3600)
end
redis.call('ZADD', KEYS[2], slot, redis.call('INCR', KEYS[3]))
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, 7200) end
return tostring(slot - now)
"""


_ROOM = """
local time = redis.call('TIME')
local now = tonumber(time[1]) + tonumber(time[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 3600)
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local frees = 0
if oldest[2] then frees = math.max(0, tonumber(oldest[2]) + 3600 - now) end
return {redis.call('ZCARD', KEYS[1]), tostring(frees)}
"""


class SharedWritePacer:
    """A `bot.pacing.Pacer` whose bucket lives in Redis under `<name>:…` (one name per credential)."""

    def __init__(self, client: redis.Redis, name: str, interval: float, burst: int, *,
                 per_hour: int = WRITES_PER_HOUR, sleep: Callable[[float], None] = time.sleep) -> None:
        self._keys = [f"{name}:bucket", f"{name}:slots", f"{name}:count"]
        self._args = [interval, burst, per_hour]
        self._reserve = client.register_script(_RESERVE)
        self._room = client.register_script(_ROOM)
        self._sleep = sleep

    def hour_room(self) -> tuple[int | None, float]:
        """Writes every process together has left in the last hour, and seconds until one frees up
        (None when pacing is off: then nothing is counted)."""
        if self._args[0] <= 0:
            return None, 0.0
        taken, frees_in = self._room(keys=[self._keys[1]])
        return int(self._args[2]) - int(taken), float(frees_in)

    def acquire(self) -> float:
        """Reserves the next shared slot and sleeps until it; returns the seconds waited.

        An interval of 0 turns pacing off, as it does for `WritePacer` (tests, benchmarks).
        """
        if self._args[0] <= 0:
            return 0.0
        wait = max(0.0, float(self._reserve(keys=self._keys, args=self._args)))
        if wait:
            self._sleep(wait)
        return wait
