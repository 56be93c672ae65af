"""Credit lines split into people, and what is not a name thrown away."""

from __future__ import annotations

import pytest

from importers.pipeline.extract.bylines import same_person, split_names


@pytest.mark.parametrize(
    "line, names",
    [
        ("By Ann Lee", ["Ann Lee"]),
        ("by: Ann Lee, Dec 17, 2025", ["Ann Lee"]),
        ("Written by Ann Lee · 5 min read", ["Ann Lee"]),
        ("Posted by Ann Lee on March 3, 2021", ["Ann Lee"]),
        ("Author: Ann Lee", ["Ann Lee"]),
        ("Ann Lee, Bo Chen and Cy Diaz", ["Ann Lee", "Bo Chen", "Cy Diaz"]),
        ("Ann Lee & Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee with Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee; Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Ann Lee ann.lee@example.test", ["Ann Lee"]),
        ("Ann Lee Updated Jan 2, 2025", ["Ann Lee"]),
        ("Ann LeeMarch 3, 2024", ["Ann Lee"]),
        ("Ann Lee, MD, FACP", ["Ann Lee"]),
        ("Ann Lee, Senior Editor", ["Ann Lee"]),
        ("Ann Lee Senior Staff Writer", ["Ann Lee"]),
        ("Ann Lee; Content Marketing Coordinator", ["Ann Lee"]),
        ("Ann Lee Founder & Lead Reviewer", ["Ann Lee"]),
        ("Ann Lee on Friday December 19, 2025", ["Ann Lee"]),
        ("Ann Lee in Travel", ["Ann Lee"]),
        ("AL; Ann Lee", ["Ann Lee"]),
        ("Sections; By Ann Lee", ["Ann Lee"]),
        ("Ada Writer", ["Ada Writer"]),
        ("Marna van der Merwe", ["Marna van der Merwe"]),
        ("jsteinhardt", ["jsteinhardt"]),
    ],
)
def test_split_names(line, names):
    assert split_names(line) == names


@pytest.mark.parametrize(
    "line",
    [
        "Staff",
        "Admin",
        "NOC Admin",
        "by",
        "ops@example.test",
        "https://example.test/about",
        "Full Bio",
        "See all",
        "By clicking Continue to join or sign in, you agree to the terms",
        "© 2025 Example Media",
        "12 min read",
        "21 comments",
    ],
)
def test_not_names(line):
    assert split_names(line) == []


def test_site_name_is_excluded():
    assert split_names("By Gardenly and Mira Osei", exclude=["Gardenly"]) == ["Mira Osei"]


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Dr. Ann Lee", "Ann Lee", True),
        ("Ann", "Ann Lee", True),
        ("Ann Lee", "Bo Chen", False),
        ("", "Ann Lee", False),
    ],
)
def test_same_person(a, b, same):
    assert same_person(a, b) is same
