"""Finding articles on the web: sitemaps, robots.txt and polite request pacing.

Re-exports only; each submodule says what it does. No Django here.
"""

from .politeness import HostThrottle, Politeness
from .robots import RobotsCache, RobotsFile, read_robots
from .sitemaps import (
    SitemapCounts,
    SitemapEntry,
    SitemapError,
    SitemapLimits,
    SitemapProblem,
    SitemapURL,
    SitemapWalk,
    read_sitemap,
)

__all__ = [
    "HostThrottle",
    "Politeness",
    "RobotsCache",
    "RobotsFile",
    "SitemapCounts",
    "SitemapEntry",
    "SitemapError",
    "SitemapLimits",
    "SitemapProblem",
    "SitemapURL",
    "SitemapWalk",
    "read_robots",
    "read_sitemap",
]
