from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def established(user_factory):
    """Accounts old enough for their flags to count towards auto-hide."""

    def make(**extra):
        return user_factory(date_joined=timezone.now() - timedelta(days=10), **extra)

    return make


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client
