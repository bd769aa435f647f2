"""The unit page's server time (docs/benchmarks.md, "Unit page server time").

    .venv/bin/python bench/pages_bench.py [--sizes S,M] [--warm 10] [--timeout 600]

For each size (S = 3,000 employees x 3 years, M = 30,000 x 5; the CSV files of
bench/data/, made once by bench/_bench_util.ensure_data like the metrics benchmark) the
data is imported into a throwaway SQLite database (`naervaer import --no-refresh`), the
cube refreshed (reference date 2026-10-31) and an HR user created. Then the unit page
(/enheder/<id>/) is requested with Django's test Client, logged in as that HR user, for

* the root unit, a mid-level unit (the largest unit at half the tree's depth) and a leaf
  (the leaf with the most employments),
* the default selection (rolling 12 months up to the last complete month, with subunits,
  all staff groups) and the same with the unit's largest staff group (``gruppe=…``),

each in a fresh process: "cold" is the first request of that process (the URL
configuration loaded, but no cube file read, no template compiled), "warm" the median of
the next ``--warm`` requests. The time is Client.get() (middleware, view, template), not
the network. L is skipped (importing 15 M absence records into SQLite takes too long).

Internal: ``--prepare SIZE DIR`` and ``--measure DIR URL`` run in child processes and
print one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._bench_util import END, ROOT, SIZES, Size, ensure_data, markdown_table  # noqa: E402

TARGET_MS = 300.0
USERNAME = "bench-hr"


def _django(work: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{work}/pages.sqlite3"
    os.environ["NAERVAER_VAR_DIR"] = str(work / "var")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "naervaer.config.settings")
    import django
    django.setup()


# --------------------------------------------------------------------------- children

def prepare(size: Size, work: Path) -> dict:
    """Import the size into a fresh database, refresh the cube, create the HR user, and
    choose the units and staff groups to request."""
    data = ensure_data(size)
    _django(work)
    from django.core.management import call_command
    from django.db.models import Count

    from naervaer.accounts.models import Role
    from naervaer.accounts.services import user_create
    from naervaer.insight.selectors.unit import staff_groups_of
    from naervaer.metrics.services import cube_refresh
    from naervaer.organisation.models import Employment, Unit

    quiet = open(os.devnull, "w")  # noqa: SIM115
    call_command("migrate", verbosity=0, stdout=quiet)
    started = time.perf_counter()
    call_command("import", str(data), "--no-refresh", stdout=quiet)
    import_s = time.perf_counter() - started
    refresh = cube_refresh(as_of=END)
    user_create(username=USERNAME, password="bench-password-1", role=Role.HR,
                validate_password=False)

    root = Unit.objects.get(parent__isnull=True)
    max_depth = max(Unit.objects.values_list("depth", flat=True))
    mid = (Unit.objects.filter(depth=max(1, max_depth // 2))
           .annotate(n=Count("descendant_links")).order_by("-n", "unit_id").first())
    leaf = (Unit.objects.filter(children__isnull=True)
            .annotate(n=Count("employments")).order_by("-n", "unit_id").first())
    assert mid is not None and leaf is not None
    pages = []
    for label, unit in (("root", root), ("mid-level", mid), ("leaf", leaf)):
        descendants = Unit.objects.filter(ancestor_links__ancestor=unit).count()
        employments = Employment.objects.filter(unit__ancestor_links__ancestor=unit).count()
        groups = set(staff_groups_of(unit))
        largest = [row["staff_group"] for row in
                   Employment.objects.filter(unit__ancestor_links__ancestor=unit)
                   .values("staff_group").annotate(n=Count("id")).order_by("-n", "staff_group")
                   if row["staff_group"] in groups]
        pages.append({"label": label, "unit_id": unit.unit_id, "depth": unit.depth,
                      "units": descendants, "employments": employments,
                      "group": largest[0] if largest else None})
    return {"import_s": import_s, "refresh_s": refresh.seconds, "cube_rows": refresh.rows,
            "units": Unit.objects.count(), "employments": Employment.objects.count(),
            "pages": pages}


def measure(work: Path, url: str, warm: int) -> dict:
    _django(work)
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - load the URL configuration (views) untimed
    client = Client()
    client.force_login(User.objects.get(username=USERNAME))
    started = time.perf_counter()
    response = client.get(url)
    cold = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    content = response.content.decode()
    assert 'class="tile"' in content and "tile__value" in content, "no tiles on the page"
    times = []
    for _ in range(warm):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"cold_ms": cold * 1000, "warm_ms": statistics.median(times) * 1000,
            "warm_max_ms": max(times) * 1000, "queries": len(queries), "bytes": len(content)}


# --------------------------------------------------------------------------- parent

def child(args: list[str], timeout: float) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        raise RuntimeError(f"{' '.join(args[:2])}: exit {done.returncode}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_size(size: Size, work_root: Path, warm: int, timeout: float) -> list[list[str]]:
    work = work_root / size.name
    work.mkdir()
    print(f"== {size.name}: importing and refreshing the cube ...", file=sys.stderr, flush=True)
    ready = child(["--prepare", size.name, str(work)], timeout)
    print(f"   {ready['units']:,} units, {ready['employments']:,} employments; import "
          f"{ready['import_s']:.1f} s, cube refresh {ready['refresh_s']:.1f} s",
          file=sys.stderr, flush=True)
    rows = []
    for page in ready["pages"]:
        base = f"/enheder/{page['unit_id']}/"
        selections = [("default", base)]
        if page["group"]:
            selections.append((f"gruppe={page['group']}",
                               base + "?" + _query(gruppe=page["group"])))
        for selection, url in selections:
            result = child(["--measure", str(work), url, "--warm", str(warm)], timeout)
            met = (f"{'yes' if result['warm_ms'] <= TARGET_MS else '**no**'} / "
                   f"{'yes' if result['cold_ms'] <= TARGET_MS else '**no**'}")
            units = f"{page['units']:,} unit{'s' if page['units'] != 1 else ''}"
            row = [size.name,
                   f"{page['label']} {page['unit_id']} ({units}, "
                   f"{page['employments']:,} employments), {selection}",
                   f"{result['cold_ms']:.0f}", f"{result['warm_ms']:.0f}",
                   str(result["queries"]), f"{TARGET_MS:.0f} ms", met]
            print("  " + " | ".join(row), file=sys.stderr, flush=True)
            rows.append(row)
    return rows


def _query(**values: str) -> str:
    from urllib.parse import urlencode
    return urlencode(values)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="S,M", help="comma-separated, of S, M (L is skipped)")
    ap.add_argument("--warm", type=int, default=10, help="warm requests per page (median)")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per child process")
    ap.add_argument("--prepare", nargs=2, metavar=("SIZE", "DIR"), help=argparse.SUPPRESS)
    ap.add_argument("--measure", nargs=2, metavar=("DIR", "URL"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.prepare:
        print(json.dumps(prepare(SIZES[args.prepare[0]], Path(args.prepare[1]))))
        return
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), args.measure[1], args.warm)))
        return
    names = [name.strip().upper() for name in args.sizes.split(",") if name.strip()]
    sizes = [SIZES[name] for name in names if name != "L"]
    if "L" in names:
        print("pages_bench: L skipped (importing 15 M absence records into SQLite takes too "
              "long)", file=sys.stderr)
    started = time.perf_counter()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="naervaer-pages-bench-") as tmp:
        for size in sizes:
            rows += bench_size(size, Path(tmp), args.warm, args.timeout)
    print(f"\nUnit page server time, {dt.date.today()}, {os.cpu_count()} cores, "
          f"{time.perf_counter() - started:.0f} s in all. Cold = first request in a fresh "
          f"process; warm = median of {args.warm}; queries = SQL queries of one warm request.\n")
    print(markdown_table(["size", "page", "cold ms", "warm median ms", "queries", "target",
                          "met (warm / cold)"], rows))


if __name__ == "__main__":
    main()
