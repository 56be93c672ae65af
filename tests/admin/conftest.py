"""Users, clients and comments for the admin tests."""

import pytest
from django.contrib.auth import get_user_model

from advice_blocks.models import Comment
from tests.factories import make_article

from .helpers import MODERATOR_PERMISSIONS, PASSWORD, add_comment, grant, logged_in, make_user


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)


@pytest.fixture
def moderator():
    """Admin access, and only the moderate and change permissions on comments."""
    return make_user("moderator", grant("Comment moderators", *MODERATOR_PERMISSIONS))


@pytest.fixture
def editor():
    """Admin access, but no permission on comments or imports."""
    group = grant("Plain editors", "wagtailadmin.access_admin")
    return make_user("editor", group)


@pytest.fixture
def admin_client(superuser):
    return logged_in(superuser)


@pytest.fixture
def moderator_client(moderator):
    return logged_in(moderator)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@pytest.fixture
def article():
    return make_article("Why small walks work")


@pytest.fixture
def other_article():
    return make_article("Seven reasons to nap", slug="seven-reasons-to-nap")


@pytest.fixture
def comments(article, other_article):
    """Comments of every status on two articles, by name."""
    return {
        c.author_name: c
        for c in [
            add_comment(article, "Ann", Comment.Status.PENDING, day=1),
            add_comment(article, "Bob", Comment.Status.APPROVED, day=2),
            add_comment(article, "Cy", Comment.Status.REJECTED, day=3),
            add_comment(article, "Dot", Comment.Status.SPAM, day=4, body="Cheap pills here"),
            add_comment(other_article, "Eve", Comment.Status.PENDING, day=5),
        ]
    }
