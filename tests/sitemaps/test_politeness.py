"""Request pacing: one request at a time per host, a delay between them."""

from __future__ import annotations

import threading
import time

from importers.sources.web import HostThrottle, Politeness

from .site import FakeClock


def test_delay_between_requests_to_one_host_only():
    clock = FakeClock()
    throttle = HostThrottle(Politeness(delay=1.5), clock=clock, sleep=clock.sleep)
    for url in ("https://a.example/1", "https://b.example/1", "http://A.example:8080/2"):
        with throttle.request(url):
            clock.now += 0.25  # the request takes a quarter of a second
    # b.example waits for nobody; a.example on any port is one host, and waits 1.5 s from the
    # end of its first request, of which b.example's request took 0.25.
    assert clock.sleeps == [1.25]
    assert throttle.waited == 1.25


def test_time_already_passed_counts():
    clock = FakeClock()
    throttle = HostThrottle(Politeness(delay=2), clock=clock, sleep=clock.sleep)
    with throttle.request("https://a.example/1"):
        pass
    clock.now += 1.5
    with throttle.request("https://a.example/2"):
        pass
    assert clock.sleeps == [0.5]


def test_crawl_delay_set_after_a_request_applies_to_the_next():
    clock = FakeClock()
    throttle = HostThrottle(Politeness(delay=0, max_crawl_delay=5), clock=clock, sleep=clock.sleep)
    with throttle.request("https://a.example/robots.txt"):
        pass
    throttle.set_crawl_delay("https://a.example/robots.txt", 60)
    throttle.set_crawl_delay("https://b.example/robots.txt", None)
    assert throttle.delay_for("https://a.example/x") == 5
    assert throttle.delay_for("https://b.example/x") == 0
    with throttle.request("https://a.example/sitemap.xml"):
        pass
    assert clock.sleeps == [5]


def test_one_request_at_a_time_per_host_across_threads():
    """Threads queue up per host; two hosts run side by side."""
    throttle = HostThrottle(Politeness(delay=0))
    running: dict[str, int] = {"a": 0, "b": 0}
    most = {"a": 0, "b": 0}
    lock = threading.Lock()

    def request(host):
        with throttle.request(f"https://{host}.example/"):
            with lock:
                running[host] += 1
                most[host] = max(most[host], running[host])
            time.sleep(0.02)
            with lock:
                running[host] -= 1

    threads = [threading.Thread(target=request, args=(h,)) for h in "ab" * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == {"a": 1, "b": 1}
