"""``manage.py check`` says why the GraphQL types are off, and warns of GRAPPLE['APPS']."""

import pytest
from django.apps import apps

from advice_blocks.checks import check_graphql
from advice_blocks.graphql import support

pytestmark = pytest.mark.usefixtures("graphql_app")


def test_a_site_with_the_extra_gets_no_message():
    assert support.grapple_problem() is None
    assert check_graphql() == []


@pytest.mark.parametrize(
    "version, message",
    [
        (None, 'wagtail-grapple is not installed (pip install "wagtail-advice-blocks[graphql]").'),
        ("0.30.0", "wagtail-grapple 0.30.0 is installed; the package's GraphQL types need 0.31"),
        ("1.2.0", "wagtail-grapple 1.2.0 is installed"),
    ],
)
def test_a_missing_or_unsupported_grapple_is_a_warning_saying_why(monkeypatch, version, message):
    monkeypatch.setattr(support, "_version", lambda distribution: version)
    (warning,) = check_graphql()
    assert warning.id == "advice_blocks.W008"
    assert warning.msg.startswith("The advice articles' GraphQL types are off: " + message)


def without_app(monkeypatch, missing):
    """Make ``apps.is_installed`` deny ``missing`` (changing INSTALLED_APPS would reload
    every app)."""
    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != missing and installed(name))


def test_grapples_apps_must_be_installed_too(monkeypatch):
    without_app(monkeypatch, "graphene_django")
    (warning,) = check_graphql()
    assert warning.id == "advice_blocks.W008"
    assert "'graphene_django' must be in INSTALLED_APPS" in warning.msg


def test_listing_advice_blocks_in_grapple_apps_is_a_warning(settings):
    settings.GRAPPLE = {"APPS": ["home", "advice_blocks"]}
    (warning,) = check_graphql()
    assert warning.id == "advice_blocks.W009"
    assert "adviceComments" in warning.msg


def test_without_the_app_nothing_is_checked(monkeypatch, settings):
    without_app(monkeypatch, "advice_blocks.graphql")
    settings.GRAPPLE = {"APPS": ["advice_blocks"]}
    assert check_graphql() == []
