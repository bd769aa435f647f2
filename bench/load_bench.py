"""Load test: `naervaer serve` on loopback with PostgreSQL and the M-size organisation.

    .venv/bin/python bench/load_bench.py          (starts its own PostgreSQL when needed)
    LOAD_USERS=10 LOAD_SECONDS=30 .venv/bin/python bench/load_bench.py   (a quick run)

1. A throwaway PostgreSQL (scripts/with-postgres.sh; this script re-runs itself under it
   unless DATABASE_URL already names a PostgreSQL database), `naervaer migrate`, M
   (30,000 employees × 5 years to 2026-10-31, bench/data/M, made once by `naervaer demo
   --export`) as payroll knew it on 2026-09-30 imported with `naervaer import`, the demo
   follow-up policies and tasks, and the load users: LOAD_LEADERS leaders (default 40),
   each on their own leaf unit, and LOAD_HR HR users (default 10).
2. `naervaer serve --workers LOAD_WORKERS` (default 4) on 127.0.0.1.
3. Run 1, browsing: locust headless, LOAD_USERS users (default 50) log in (locust
   starts a fifth of them a second), then, once all are in, browse for LOAD_SECONDS
   (default 120), each waiting LOAD_WAIT seconds (default 1-5) between pages. The
   logins are reported as a row of their own (a burst of password hashes); the page
   rows cover the LOAD_SECONDS of browsing.
4. Run 2, import while browsing: the same users; once all are in, `naervaer import` of
   the whole of M (one more month: October's records and the ends that became known)
   runs to the end, cube refresh included, then the users browse LOAD_AFTER seconds
   more (default 15). (bench/data/M-next is not used: the generator with a later end
   date draws a different population under the same keys, so importing it rewrites
   every row, which is not a monthly delivery.) Every unit page is checked for a
   state no single import produced (bench/_load_check.py). LOAD_IMPORT=0 skips run 2.

A baseline of one user's page times without queueing:
    LOAD_USERS=1 LOAD_WAIT=0-0 LOAD_SECONDS=60 LOAD_IMPORT=0 .venv/bin/python bench/load_bench.py

Prints one table per run: requests, throughput, p50/p95/p99 latency and errors per page
type and in total. Exits non-zero when a run had errors, the import failed, or a unit
page showed half an import. p95 over 500 ms is reported, not failed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_util import ROOT, SIZES, ensure_data, markdown_table  # noqa: E402

NAERVAER = str(Path(sys.executable).with_name("naervaer"))
LOCUST = str(Path(sys.executable).with_name("locust"))
PASSWORD = "belastning-2026"
PAGE_TYPES = ("login", "unit", "employee", "inbox")


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _naervaer(args: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NAERVAER, *args], env=env, check=True, text=True, **kwargs)


SETUP_USERS = r"""
import json, sys
import datetime as dt
from django.db.models import Q
from naervaer.accounts.models import Role
from naervaer.accounts.services import user_create
from naervaer.demo.followup import GO_LIVE_DAYS
from naervaer.followup.models import FollowupSettings, Task
from naervaer.followup.services import demo_policies_attach, followup_run
from naervaer.organisation.models import Employment, Unit

leaders, hrs, password, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
today = dt.date.today()
# The demo's follow-up policies and the engine's tasks (the inbox's content); not the demo's
# simulated records of what leaders did (demo_followup), which take minutes on M.
demo_policies_attach()
FollowupSettings.objects.update_or_create(pk=1, defaults={"since": today - dt.timedelta(days=GO_LIVE_DAYS)})
followup_run(as_of=today)
tasks = Task.objects.count()
current = Q(end_date__isnull=True) | Q(end_date__gte=today)
staffed = set(Employment.objects.filter(current).values_list("unit_id", flat=True))
leaves = [unit for unit in Unit.objects.filter(children__isnull=True).order_by("unit_id")
          if unit.pk in staffed]
step = max(len(leaves) // leaders, 1)
chosen = leaves[::step][:leaders]
with_direct_staff = set(Employment.objects.values_list("unit_id", flat=True).distinct())
units = [{"unit_id": unit.unit_id, "own_days": None if unit.pk in with_direct_staff else 0.0}
         for unit in Unit.objects.order_by("unit_id")]
by_id = {unit["unit_id"]: unit for unit in units}
users = []
for number, unit in enumerate(chosen, 1):
    name = f"leder{number:02d}"
    user_create(username=name, password=password, role=Role.LEADER, unit_ids=[unit.unit_id],
                validate_password=False)
    staff = list(Employment.objects.filter(current, unit=unit).order_by("employment_id")
                 .values_list("employee__employee_id", flat=True)[:40])
    users.append({"username": name, "role": "leader", "units": [by_id[unit.unit_id]],
                  "employees": staff})
for number in range(1, hrs + 1):
    name = f"hr{number:02d}"
    user_create(username=name, password=password, role=Role.HR, validate_password=False)
    users.append({"username": name, "role": "hr", "units": [], "employees": []})
employees = list(Employment.objects.filter(current).order_by("employment_id")
                 .values_list("employee__employee_id", flat=True)[::25])
# Leaders and HR alternate, so any number of locust users gets both roles.
leader_users = [u for u in users if u["role"] == "leader"]
hr_users = [u for u in users if u["role"] == "hr"]
mixed = []
for index in range(max(len(leader_users), len(hr_users))):
    if index < len(leader_users):
        mixed.append(leader_users[index])
    if index % 4 == 0 and index // 4 < len(hr_users):
        mixed.append(hr_users[index // 4])
mixed += [u for u in hr_users if u not in mixed]
json.dump({"password": password, "users": mixed, "all_units": units, "all_employees": employees,
           "tasks": tasks}, open(out, "w"))
print(f"{len(leader_users)} leaders, {len(hr_users)} HR users, {tasks} follow-up tasks, "
      f"{len(units)} units, {len(employees)} sampled employees")
"""


CUT = "2026-09-30"  # the first load ends here; the import during browsing adds October


def cut_export(source: Path, target: Path, day: str = CUT) -> Path:
    """M as payroll knew it at the end of ``day``: employments and absences starting later
    dropped, later ends open (as tests/metrics/test_cube.py and bench/_bench_util.cut_at
    split data). Importing M over it is "one more month": October's new records and the
    ends that became known, the ordinary monthly delivery."""
    import polars as pl

    target.mkdir(parents=True, exist_ok=True)
    (target / "units.csv").write_bytes((source / "units.csv").read_bytes())
    for name in ("employments", "absences"):
        frame = pl.read_csv(source / f"{name}.csv", infer_schema_length=0)  # all text, ISO dates
        frame = frame.filter(pl.col("start_date") <= day).with_columns(
            end_date=pl.when(pl.col("end_date") > day).then(None).otherwise(pl.col("end_date")))
        if name == "absences":
            kept = pl.read_csv(target / "employments.csv", infer_schema_length=0)["employment_id"]
            frame = frame.filter(pl.col("employment_id").is_in(kept.implode()))
        frame.write_csv(target / f"{name}.csv")
    return target


def prepare(env: dict[str, str], plan_path: Path, folder: Path) -> None:
    data = ensure_data(SIZES["M"])
    first = cut_export(data, folder / f"M-to-{CUT}")
    _naervaer(["migrate", "-v0"], env)
    started = time.perf_counter()
    _naervaer(["import", str(first)], env, stdout=subprocess.DEVNULL)
    print(f"import of M to {CUT} into PostgreSQL: {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    _naervaer(["shell", "-c", f"import sys; sys.argv = ['', {_env_int('LOAD_LEADERS', 40)}, "
               f"{_env_int('LOAD_HR', 10)}, {PASSWORD!r}, {str(plan_path)!r}]\n" + SETUP_USERS], env)
    print(f"users and follow-up tasks: {time.perf_counter() - started:.1f} s", flush=True)


def start_server(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    server = subprocess.Popen([NAERVAER, "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(workers)], env=env,
                              stdout=log.open("wb"), stderr=subprocess.STDOUT,
                              start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"naervaer serve exited ({server.returncode}); see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)
            return server
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"naervaer serve did not answer within 120 s; see {log}")


def start_locust(env: dict[str, str], port: int, users: int, folder: Path,
                 name: str) -> tuple[subprocess.Popen[bytes], Path, float]:
    """Locust with ``users`` users; returns once all have logged in (the locustfile's
    gate), with the gate's time. Stop it with SIGTERM (its run time is only a cap)."""
    samples, gate = folder / f"{name}.json", folder / f"{name}.gate"
    gate.unlink(missing_ok=True)
    locust_env = {**env, "LOAD_SAMPLES": str(samples), "LOAD_GATE": str(gate),
                  "LOAD_USERS": str(users)}
    log = folder / f"{name}.locust.log"
    process = subprocess.Popen(
        [LOCUST, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
         "-u", str(users), "-r", str(max(users // 5, 1)), "-t", "3600s",
         "--host", f"http://127.0.0.1:{port}", "--stop-timeout", "10", "--loglevel", "WARNING"],
        env=locust_env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600
    while not gate.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"the users did not all log in; see {log}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return process, samples, float(gate.read_text())


def stop_locust(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=120)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = share * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def table(samples: list[list[Any]], seconds: float, login_seconds: float
          ) -> tuple[str, int, float]:
    """The markdown table, the error count and the p95 (ms) of the pages. Logins (once
    per user, a deliberately slow password hash, all before the gate) are a row of their
    own over their own stretch; the pages all fall in the ``seconds`` of browsing."""
    rows = []
    groups = [(kind, [s for s in samples if s[0] == kind]) for kind in PAGE_TYPES]
    groups.append(("pages", [s for s in samples if s[0] != "login"]))
    total_errors, pages_p95 = 0, float("nan")
    for kind, group in groups:
        times = [float(s[1]) for s in group]
        errors = sum(1 for s in group if not s[2])
        total_errors += errors if kind != "pages" else 0
        p95 = _percentile(times, 0.95)
        if kind == "pages":
            pages_p95 = p95
        span = login_seconds if kind == "login" else seconds
        rows.append([kind, f"{len(group):,}", f"{len(group) / max(span, 1.0):.1f}",
                     f"{_percentile(times, 0.50):.0f}", f"{p95:.0f}",
                     f"{_percentile(times, 0.99):.0f}", str(errors)])
    header = ["page", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]
    return markdown_table(header, rows), total_errors, pages_p95


def read_samples(path: Path, log: Path) -> dict[str, Any]:
    if not path.exists():
        raise SystemExit(f"locust wrote no samples; see {log}:\n{log.read_text()[-3000:]}")
    return json.loads(path.read_text())


def run(env: dict[str, str], folder: Path) -> int:
    users, seconds = _env_int("LOAD_USERS", 50), _env_int("LOAD_SECONDS", 120)
    workers = _env_int("LOAD_WORKERS", 4)
    plan = folder / "plan.json"
    prepare(env, plan, folder)
    env = {**env, "LOAD_PLAN": str(plan)}
    port = _free_port()
    server = start_server(env, port, workers, folder / "serve.log")
    failed = 0
    try:
        print(f"\n== browsing: {users} users log in, then browse for {seconds} s, think time "
              f"{env.get('LOAD_WAIT', '1-5')} s, naervaer serve --workers {workers}", flush=True)
        spawned = time.time()
        process, samples_path, gate = start_locust(env, port, users, folder, "browse")
        time.sleep(max(0.0, gate + seconds - time.time()))
        stop_locust(process)
        result = read_samples(samples_path, folder / "browse.locust.log")
        text, errors, p95 = table(result["samples"], seconds, gate - spawned)
        print(text)
        violations = result["violations"]
        verdict = "met" if p95 <= 500 else "NOT met"
        print(f"\nall {users} logged in after {gate - spawned:.1f} s; errors: {errors}; pages p95 "
              f"{p95:.0f} ms over the {seconds} s of browsing (goal ≤ 500 ms: {verdict}); "
              f"unit pages failing the consistency check: {len(violations)}")
        failed |= errors > 0 or bool(violations)

        if os.environ.get("LOAD_IMPORT", "1") == "0":  # browsing only (e.g. a 1-user baseline)
            return int(failed)
        after = _env_int("LOAD_AFTER", 15)
        print(f"\n== import of one more month (M to 2026-10-31 over M to {CUT}) while {users} "
              "users browse", flush=True)
        spawned = time.time()
        process, samples_path, gate = start_locust(env, port, users, folder, "import")
        started = time.perf_counter()
        time.sleep(5)  # the users at their pages first
        import_started = time.perf_counter()
        done = subprocess.run([NAERVAER, "import", str(ensure_data(SIZES["M"]))],
                              env=env, capture_output=True, text=True)
        import_seconds = time.perf_counter() - import_started
        time.sleep(after)
        stop_locust(process)
        elapsed = time.perf_counter() - started
        result = read_samples(samples_path, folder / "import.locust.log")
        text, errors, p95 = table(result["samples"], elapsed, gate - spawned)
        print(text)
        violations = result["violations"]
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        print(f"\nimport: exit {done.returncode} in {import_seconds:.1f} s "
              f"({'; '.join(lines[-4:])}){' ' + done.stderr[-2000:] if done.returncode else ''}")
        unit_pages = sum(1 for sample in result["samples"] if sample[0] == "unit")
        print(f"errors: {errors}; pages p95 {p95:.0f} ms over {elapsed:.0f} s; unit pages checked: "
              f"{unit_pages:,}, showing half an import: {len(violations)}")
        for violation in violations[:10]:
            print(f"  {violation['unit']}: {violation['problem']}")
        failed |= errors > 0 or bool(violations) or done.returncode != 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    server_errors = [line for line in (folder / "serve.log").read_text(errors="replace").splitlines()
                     if '" 500 ' in line or "Traceback" in line]
    if server_errors:
        print(f"server log: {len(server_errors)} error lines, first: {server_errors[0]}")
        failed = 1
    return int(failed)


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        # Start a throwaway cluster and come back with DATABASE_URL set.
        return subprocess.run([str(ROOT / "scripts" / "with-postgres.sh"), sys.executable,
                               *sys.argv]).returncode
    keep = os.environ.get("LOAD_KEEP")  # a folder to keep logs and samples in
    with tempfile.TemporaryDirectory(prefix="naervaer-load-") as scratch:
        folder = Path(keep) if keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "NAERVAER_VAR_DIR": str(folder / "var"), "DEBUG": "0",
               "SECRET_KEY": "load-bench-" + "x" * 50, "ALLOWED_HOSTS": "127.0.0.1,localhost",
               "LOG_LEVEL": "WARNING"}
        return run(env, folder)


if __name__ == "__main__":
    sys.exit(main())
