"""Fault tests: real ``naervaer`` processes against a real file database, killed with
SIGKILL or started twice at once.

The database is the backend of the pass: SQLite (a migrated temp file, copied per test)
or, when ``DATABASE_URL`` starts with ``postgres``, scratch databases on the same server
(``CREATE DATABASE … TEMPLATE …``), dropped afterwards. The test process reads them with
plain DB-API (``sqlite3`` / ``psycopg``), not through Django: pytest-django's test
database is a different one.

Templates, each built once per session (per xdist worker):

* ``migrated``: an empty, migrated database;
* ``imported``: ``migrated`` + a clean ``naervaer import`` of the demo files — the
  reference a killed import must end up equal to;
* ``followup_ready``: ``imported`` + the demo's policies, go-live date and users (with
  e-mail addresses), and no tasks yet: the follow-up runner has all its work to do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from naervaer.demo.generator import generate, write_csv

NAERVAER = str(Path(sys.executable).parent / "naervaer")
END = dt.date(2025, 6, 30)  # last day of the demo data; the runs are for this day
EMPLOYEES = 800             # an import of a few seconds: long enough to be killed in the middle
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")

SETUP_SCRIPT = """
import datetime as dt
from naervaer.demo.services import demo_users_create
from naervaer.followup.models import FollowupSettings
from naervaer.followup.services import demo_policies_attach
demo_policies_attach()
FollowupSettings.objects.update_or_create(pk=1, defaults={"since": dt.date(2024, 7, 1)})
demo_users_create()
"""


# ------------------------------------------------------------------ databases


@dataclass
class FileDatabase:
    """One scratch database a subprocess can open."""

    url: str
    var_dir: Path
    path: Path | None = None  # SQLite
    name: str = ""            # PostgreSQL

    def env(self, **extra: str) -> dict[str, str]:
        env = {**os.environ, "DATABASE_URL": self.url, "NAERVAER_VAR_DIR": str(self.var_dir),
               "SECRET_KEY": "fault-tests-only-" + "x" * 40, "PYTHONUNBUFFERED": "1",
               "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        env.pop("PYTEST_XDIST_WORKER", None)
        env.update(extra)
        return env

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.path is not None:
            with contextlib.closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as connection:
                return connection.execute(sql).fetchall()  # autocommit: a DELETE is kept
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            cursor = connection.execute(sql)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def scalar(self, sql: str) -> Any:
        return self.query(sql)[0][0]

    def checksum(self, sql: str) -> str:
        """sha256 of the rows of ``sql`` (which orders them), values as text."""
        digest = hashlib.sha256()
        for row in self.query(sql):
            digest.update(("\x1f".join("" if value is None else str(value) for value in row) + "\n").encode())
        return digest.hexdigest()

    def writer_active(self) -> bool:
        """Whether another connection is inside a write transaction right now."""
        if self.path is not None:
            connection = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError:
                return True  # database is locked: a writer holds it
            else:
                connection.execute("ROLLBACK")
                return False
            finally:
                connection.close()
        return bool(self.scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL"))

    def settle(self, timeout: float = 30) -> None:
        """Wait until no other connection to the database is left (PostgreSQL). SIGKILL
        ends the client, not its server process: a COMMIT the client had just sent still
        completes after the kill, and reading the state meanwhile, one query after
        another, could see its tables become visible between two of them."""
        if self.path is not None:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.scalar(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"):
            time.sleep(0.02)


class Server:
    """Creates scratch databases from templates and removes them at the end."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.created: list[str] = []
        self.base_url = os.environ.get("DATABASE_URL", "")

    def _pg_url(self, name: str) -> str:
        parts = urlsplit(self.base_url)
        return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self._pg_url(urlsplit(self.base_url).path.lstrip("/")),
                             autocommit=True) as connection:
            connection.execute(sql)  # type: ignore[arg-type]

    def new(self, template: FileDatabase | None = None, label: str = "db") -> FileDatabase:
        token = f"{label}_{uuid.uuid4().hex[:8]}"
        var_dir = self.root / token
        var_dir.mkdir()
        if not POSTGRES:
            path = self.root / f"{token}.sqlite3"
            if template is not None and template.path is not None:
                # A finished template has no -wal content left (its last connection closed).
                shutil.copyfile(template.path, path)
            return FileDatabase(url=f"sqlite:///{path}", var_dir=var_dir, path=path)
        name = f"naervaer_faults_{token}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template.name}"' if template else ""))
        self.created.append(name)
        return FileDatabase(url=self._pg_url(name), var_dir=var_dir, name=name)

    def drop_all(self) -> None:
        for name in reversed(self.created):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ------------------------------------------------------------------ processes


def naervaer(db: FileDatabase, *args: str, env: dict[str, str] | None = None,
             check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([NAERVAER, *args], env=env or db.env(), capture_output=True, text=True,
                          timeout=timeout)
    if check and done.returncode != 0:
        raise AssertionError(f"naervaer {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def start(db: FileDatabase, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([NAERVAER, *args], env=env or db.env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@dataclass
class Kill:
    when: str       # "after 1.2 s" / "while writing"
    killed: bool    # False: the process had already ended by itself
    seconds: float  # how long it had run


def kill_after(process: subprocess.Popen[str], seconds: float, db: FileDatabase) -> Kill:
    started = time.monotonic()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.communicate()
        db.settle()
        return Kill(f"after {seconds:.2f} s", True, time.monotonic() - started)
    process.communicate()
    return Kill(f"after {seconds:.2f} s", False, time.monotonic() - started)


def kill_while_writing(process: subprocess.Popen[str], db: FileDatabase, *, delay: float = 0.0,
                       timeout: float = 120) -> Kill:
    """SIGKILL ``delay`` seconds after the process was first seen inside a write transaction."""
    started = time.monotonic()
    while process.poll() is None and time.monotonic() - started < timeout:
        if db.writer_active():
            time.sleep(delay)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.communicate()
                db.settle()
                return Kill(f"{delay:.2f} s into a write transaction", True, time.monotonic() - started)
            break
        time.sleep(0.01)
    process.communicate()
    return Kill("while writing (never seen writing)", False, time.monotonic() - started)


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    found = Server(tmp_path_factory.mktemp("faults"))
    yield found
    if POSTGRES:
        found.drop_all()


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("demo-files")
    return write_csv(generate(employees=EMPLOYEES, years=3, seed=7, end_date=END), folder)


@pytest.fixture(scope="session")
def migrated(server: Server) -> FileDatabase:
    db = server.new(label="migrated")
    naervaer(db, "migrate", "--verbosity", "0")
    return db


@dataclass
class Reference:
    db: FileDatabase
    seconds: float  # wall time of the clean run, process start to exit


@pytest.fixture(scope="session")
def imported(server: Server, migrated: FileDatabase, demo_files: list[Path]) -> Reference:
    db = server.new(migrated, label="imported")
    started = time.monotonic()
    naervaer(db, "import", "--no-refresh", *map(str, demo_files))
    return Reference(db, time.monotonic() - started)


@pytest.fixture(scope="session")
def followup_ready(server: Server, imported: Reference) -> FileDatabase:
    db = server.new(imported.db, label="ready")
    naervaer(db, "shell", "-c", SETUP_SCRIPT)
    assert db.scalar("SELECT count(*) FROM followup_task") == 0
    return db
