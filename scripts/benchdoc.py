"""Keep several benchmark scripts' figures in one docs/benchmarks.md: each script owns a section
between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->`` and replaces only that."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

TITLE = "# Benchmarks\n\nEach section is written by the script it names; ratios compare with a baseline measured in the same run on the same machine.\n"


def median_ms(fn, repeat: int = 7) -> float:  # type: ignore[no-untyped-def]
    """Median wall time of ``fn()`` in ms, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def machine() -> str:
    u = os.uname()
    return (
        f"{u.sysname} {u.machine}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"{time.strftime('%Y-%m-%d')}"
    )


def write_section(path: Path, name: str, text: str) -> None:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{text.rstrip()}\n{end}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in old and end in old:
        before, rest = old.split(start, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        new = before + block + ("\n" + after if after else "")
    elif old.startswith(TITLE.split("\n", maxsplit=1)[0]) and "<!-- bench:" in old:
        new = old.rstrip() + "\n\n" + block
    else:
        new = TITLE + "\n" + block
    path.write_text(new, encoding="utf-8")
