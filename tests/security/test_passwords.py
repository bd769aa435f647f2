"""Password rules: Django's validators with at least 12 characters, and the message
reaches the person choosing the password (the `user add` command, the admin form)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from naervaer.accounts.services import user_create
from tests.factories import make_superuser

pytestmark = pytest.mark.django_db
ELEVEN = "Ryg-Sofa-73"           # 11 characters, otherwise fine
TWELVE = "Ryg-Sofa-737"


def test_eleven_characters_are_too_short_and_twelve_enough(org):
    with translation.override("da"), pytest.raises(ValidationError) as error:
        user_create(username="kort", password=ELEVEN, role="direktion")
    assert "mindst 12 tegn" in " ".join(error.value.messages)
    assert user_create(username="lang", password=TWELVE, role="direktion").check_password(TWELVE)


def test_user_add_shows_the_validators_message(org):
    with translation.override("da"), pytest.raises(CommandError) as error:
        call_command("user", "add", "kort", "--role", "direktion", "--password-stdin",
                     stdin=io.StringIO(ELEVEN + "\n"))
    assert "mindst 12 tegn" in str(error.value)
    with translation.override("da"), pytest.raises(CommandError) as error:
        call_command("user", "add", "almindelig", "--role", "direktion", "--password-stdin",
                     stdin=io.StringIO("password1234\n"))
    assert "for almindelig" in str(error.value)
    assert not get_user_model().objects.filter(username__in=["kort", "almindelig"]).exists()


def test_the_admin_password_form_shows_the_validators_message(client, org):
    client.force_login(make_superuser())
    url = f"/admin/auth/user/{org.leader.pk}/password/"
    response = client.post(url, {"password1": ELEVEN, "password2": ELEVEN, "usable_password": "true"})
    assert response.status_code == 200
    assert "mindst 12 tegn" in response.content.decode()
    org.leader.refresh_from_db()
    assert not org.leader.check_password(ELEVEN)
