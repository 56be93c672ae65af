"""Finding articles on the web: sitemaps, robots.txt and polite request pacing.

Re-exports only; each submodule says what it does. No Django here.
"""

from importers.sources.web.politeness import HostThrottle, Politeness
from importers.sources.web.robots import RobotsCache, RobotsFile, read_robots
from importers.sources.web.sitemaps import (
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
