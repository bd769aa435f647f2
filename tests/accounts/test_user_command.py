"""``naervaer user add|list``."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from naervaer.accounts.models import Profile

STRONG = "Ryg-Sofa-Kaffe-73"


def run(*args: str, stdin: str = STRONG + "\n") -> str:
    out = io.StringIO()
    call_command("user", *args, stdin=io.StringIO(stdin), stdout=out)
    return out.getvalue()


def counts() -> tuple[int, int]:
    return get_user_model().objects.count(), Profile.objects.count()


def test_add_leader_with_two_units(org):
    output = run("add", "lone", "--role", "leader", "--unit", "SOL", "--unit", "ENG",
                 "--password-stdin")
    assert "lone" in output
    user = get_user_model().objects.get(username="lone")
    assert user.check_password(STRONG)
    assert user.profile.role == "leader"
    assert {unit.unit_id for unit in user.profile.units.all()} == {"SOL", "ENG"}


def test_add_employee(org):
    run("add", "bo", "--role", "employee", "--employee", "P-BO", "--password-stdin")
    assert get_user_model().objects.get(username="bo").profile.employee == org.bo


def test_add_demo_password_without_validation(org):
    run("add", "demo", "--role", "hr", "--password-stdin", "--no-password-validation",
        stdin="demo\n")
    assert get_user_model().objects.get(username="demo").check_password("demo")


def test_password_is_first_line_without_newline(org):
    run("add", "crlf", "--role", "direktion", "--password-stdin", stdin=STRONG + "\r\nrest\n")
    assert get_user_model().objects.get(username="crlf").check_password(STRONG)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "chef"], STRONG, "chef"),
        (["--role", "leader"], STRONG, "kræver mindst én enhed"),
        (["--role", "trio", "--unit", "NOPE"], STRONG, "Ukendt enhed: NOPE"),
        (["--role", "employee"], STRONG, "kræver en medarbejder"),
        (["--role", "employee", "--employee", "P-NOPE"], STRONG, "Ukendt medarbejder: P-NOPE"),
        (["--role", "hr"], "", "Ingen adgangskode"),
        (["--role", "hr"], "\n", "Ingen adgangskode"),
        (["--role", "hr"], "demo\n", "for kort"),
    ],
)
def test_add_rejects_bad_input_and_writes_nothing(org, args, stdin, message):
    before = counts()
    with pytest.raises(CommandError, match=message):
        run("add", "new", *args, "--password-stdin", stdin=stdin)
    assert counts() == before
    assert not get_user_model().objects.filter(username="new").exists()


def test_add_existing_username_fails(org):
    before = counts()
    with pytest.raises(CommandError, match="findes allerede"):
        run("add", "hr", "--role", "hr", "--password-stdin")
    assert counts() == before


def test_add_requires_password_stdin_flag(org):
    before = counts()
    with pytest.raises(CommandError, match="password-stdin"):
        run("add", "new", "--role", "hr")
    assert counts() == before


def test_missing_subcommand_fails(db):
    with pytest.raises(CommandError):
        run()


def test_list_shows_role_and_scope(org):
    output = run("list")
    lines = {line.split("\t")[0]: line for line in output.splitlines()}
    assert lines["leder"].split("\t")[1:] == ["leader", "units=SOL"]
    assert lines["anna"].split("\t")[1:] == ["employee", "employee=P-ANNA"]
    assert lines["nobody"].split("\t")[1] == "-"
