"""Polite fetching: one request at a time per host, with a pause between requests.

A sitemap walk and the article fetches that follow it can send thousands of requests to one
site. :class:`HostThrottle` makes them wait their turn: requests to the same host never
overlap (a lock per host, so threads queue up too) and each starts no sooner than the delay
after the previous one ended. The delay is the configured one, or the host's robots.txt
``Crawl-delay`` (or ``Request-rate``) when that is longer, up to a cap, so a robots.txt
cannot stall an import for hours.

The clock and the sleep are injectable: tests pass a fake pair and never sleep.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["HostThrottle", "Politeness", "host_of"]

#: Seconds between the end of one request to a host and the start of the next.
DEFAULT_DELAY = 1.0
#: The longest robots.txt Crawl-delay honoured, in seconds.
DEFAULT_MAX_CRAWL_DELAY = 10.0


@dataclass(frozen=True)
class Politeness:
    delay: float = DEFAULT_DELAY
    max_crawl_delay: float = DEFAULT_MAX_CRAWL_DELAY


def host_of(url: str) -> str:
    """The host name a URL is throttled (and same-host filtered) by: lower case, no final dot.

    Scheme and port are left out: ``http://`` and ``https://`` of one site are one server.
    """
    return (urlsplit(url).hostname or "").rstrip(".")


class HostThrottle:
    """Serialise and space out the requests to each host.

    Use it around every request: ``with throttle.request(url): fetch(url, ...)``.
    """

    def __init__(
        self,
        politeness: Politeness | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.politeness = politeness or Politeness()
        self.clock = clock
        self.sleep = sleep
        #: Seconds spent waiting, over all hosts.
        self.waited = 0.0
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._last_end: dict[str, float] = {}
        self._crawl_delays: dict[str, float] = {}

    def set_crawl_delay(self, url: str, seconds: float | None) -> None:
        """Honour a robots.txt delay for the URL's host, up to ``max_crawl_delay``."""
        if seconds is None or seconds <= 0:
            return
        self._crawl_delays[host_of(url)] = min(float(seconds), self.politeness.max_crawl_delay)

    def delay_for(self, url: str) -> float:
        """Seconds kept between two requests to the URL's host."""
        return max(self.politeness.delay, self._crawl_delays.get(host_of(url), 0.0))

    @contextmanager
    def request(self, url: str) -> Iterator[None]:
        """Wait for the host's turn, hold it while the request runs, then start its delay."""
        host = host_of(url)
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            # The delay is looked up now, not when the last request ended: a Crawl-delay read
            # from the robots.txt that request fetched already applies to this one.
            wait = self._last_end.get(host, float("-inf")) + self.delay_for(url) - self.clock()
            if wait > 0:
                self.waited += wait
                self.sleep(wait)
            try:
                yield
            finally:
                self._last_end[host] = self.clock()
