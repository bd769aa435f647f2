#!/usr/bin/env python
"""A long mutation-fuzzing run of the importer; prints the outcome counts.

    .venv/bin/python scripts/fuzz-import.py --examples 5000 [--seed 1] [--save DIR]

Generates mutated CSV/XLSX exports (tests/imports/fuzzing.py: encodings, delimiters,
truncation, huge fields, formulas, NUL and random bytes, broken headers, mixed date
formats, XLSX oddities, corrupted zip bytes) and pushes each through
``imports.services.import_files`` on a fresh SQLite database in a temporary folder,
half of them over an already imported base export. Every input ends as a success
(a repeat import changes nothing), a clean error (file and line named, nothing
written) or a failure, counted by kind. ``--save DIR`` writes the first input of
each failure kind there (one folder per kind) to reproduce with ``naervaer import``.
Exits 1 when there was a failure.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=1000, help="inputs to try")
    parser.add_argument("--seed", type=int, default=None, help="reproduce a run")
    parser.add_argument("--save", type=Path, default=None,
                        help="write the first input of each failure kind here")
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="naervaer-fuzz-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/fuzz.sqlite3"
    os.environ["NAERVAER_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st

    from tests.imports import fuzzing

    call_command("migrate", verbosity=0)
    counts: collections.Counter[str] = collections.Counter()
    by_format: collections.Counter[str] = collections.Counter()
    first: dict[str, tuple[fuzzing.Files, str]] = {}

    @settings(max_examples=args.examples, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(files=fuzzing.export_files(), preload=st.booleans())
    def run(files: fuzzing.Files, preload: bool) -> None:
        with transaction.atomic():
            if preload:
                fuzzing.load_base()
            outcome = fuzzing.check_import(files)
            transaction.set_rollback(True)
        counts[outcome.kind] += 1
        kinds = "+".join(sorted({Path(name).suffix.lower().strip() for name, _ in files}))
        by_format[f"{kinds} {'failure' if outcome.failed else outcome.kind}"] += 1
        if outcome.failed and outcome.kind not in first:
            first[outcome.kind] = (files, outcome.detail)

    if args.seed is not None:
        run = seed(args.seed)(run)
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started

    tried = sum(counts.values())
    failures = {kind: n for kind, n in counts.items() if kind not in {"success", "error"}}
    print(f"importer fuzzing: {tried} inputs in {seconds:.0f} s (seed {args.seed}, "
          f"database {os.environ['DATABASE_URL'].split(':', 1)[0]})")
    print(f"  inputs tried   {tried:>7}")
    print(f"  successes      {counts['success']:>7}   (re-import unchanged)")
    print(f"  clean errors   {counts['error']:>7}   (file:line named, nothing written)")
    print(f"  failures       {sum(failures.values()):>7}")
    for kind, n in sorted(failures.items()):
        print(f"    {kind:<28} {n:>6}")
    print("  by file type: " + ", ".join(f"{key} {n}" for key, n in sorted(by_format.items())))
    for kind, (files, detail) in first.items():
        print(f"\n== first {kind}: " + ", ".join(f"{name} ({len(data)} B)" for name, data in files))
        print(detail.strip()[-1500:])
        if args.save:
            target = args.save / kind.replace(":", "-")
            target.mkdir(parents=True, exist_ok=True)
            for name, data in files:
                (target / name.strip()).write_bytes(data)
    from django.db import connections

    connections.close_all()
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
