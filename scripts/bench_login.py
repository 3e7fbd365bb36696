"""Logging in (issue #14: ≤ 1 s on this machine), beside its floor measured in the same run:

* the login job — the account read, the Argon2id check, the counters and the audit row, one
  transaction — beside the bare library: ``argon2.PasswordHasher.verify`` of the same hash plus a
  bare ``SELECT`` of the account with sqlite3;
* a whole command-line run with a login (``jkn-desktop --user … user list``) beside a bare Python
  process that imports argon2 and sqlite3 and does the same check.

    .venv/bin/python scripts/bench_login.py --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdoc import machine, median_ms, write_section

PW = "rahasia-desa-1"


def _wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    return (time.perf_counter() - start) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--write", type=Path)
    args = ap.parse_args()

    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.people import accounts as A
    from jkn_desktop.services.people.login import login

    work = Path(tempfile.mkdtemp(prefix="jkn-bench-login-"))
    path = work / "desa.sqlite3"
    db = open_database(path)
    db.run(A.add_account, "wahyuni", PW, ["admin", "sekretaris"])

    def ours() -> None:
        outcome = db.run(login, "wahyuni", PW)
        assert outcome.actor is not None

    def floor() -> None:
        con = sqlite3.connect(path)
        (h,) = con.execute(
            "SELECT password_hash FROM app_user WHERE username_key = ?", ("wahyuni",)
        ).fetchone()
        con.close()
        A.HASHER.verify(h, PW)

    job = median_ms(ours, args.runs)
    bare = median_ms(floor, args.runs)
    db.close()

    env = {**os.environ, "JKN_DESKTOP_PASSWORD": PW, "QT_QPA_PLATFORM": "offscreen"}
    cli = [
        sys.executable,
        "-m",
        "jkn_desktop",
        "--db",
        str(path),
        "--user",
        "wahyuni",
        "user",
        "list",
    ]
    bare_cli = [
        sys.executable,
        "-c",
        "import sqlite3, argon2\n"
        f"h = sqlite3.connect({str(path)!r}).execute('SELECT password_hash FROM app_user').fetchone()[0]\n"
        f"argon2.PasswordHasher().verify(h, {PW!r})\n",
    ]
    ours_cli, floor_cli = [], []
    for _ in range(args.runs):  # alternate, so a busy moment hits both sides
        ours_cli.append(_wall(cli, env))
        floor_cli.append(_wall(bare_cli, env))
    cli_ms, cli_floor = statistics.median(ours_cli), statistics.median(floor_cli)
    params = A.HASHER
    load = os.getloadavg()[0]
    text = f"""## Login (accounts, issue #14)

Produced by

```
.venv/bin/python scripts/bench_login.py --write docs/benchmarks.md
```

on {machine()}; load average {load:.2f} at the end. Argon2id with time cost {params.time_cost},
memory {params.memory_cost // 1024} MiB, parallelism {params.parallelism}
(`jkn_desktop/services/people/accounts.py`). Medians of {args.runs} runs.

| measurement | ours | floor | ratio | target |
|---|---:|---:|---:|---|
| the login job (read, Argon2id check, counters, audit row, commit) | {job:.0f} ms | {bare:.0f} ms (argon2 `verify` + bare sqlite3 `SELECT`) | {job / bare:.2f}× | ≤ 1000 ms {"✓" if job <= 1000 else "✗"} |
| `jkn-desktop --user … user list`, whole process | {cli_ms:.0f} ms | {cli_floor:.0f} ms (bare Python: sqlite3 + argon2 `verify`) | {cli_ms / cli_floor:.2f}× | |
"""
    print(text)
    if args.write:
        write_section(args.write, "login", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
