#!/usr/bin/env python3
"""The size ratchet: no module of the program over the ceiling, and the ceiling only goes down.

The ceiling lives in pyproject.toml (``[tool.jkn-desktop] max_module_lines``). It may never be
raised above 500; when the largest module has shrunk well below it, this check asks for the
ceiling to be lowered, so the room won back is kept.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HARD_LIMIT = 500
SLACK = 25  # how far under the ceiling the largest module may sit before the ceiling must follow
PACKAGES = ("jkn_desktop", "ui")
# written by a script from other modules, never by hand (scripts/gen_tables.py)
GENERATED = {Path("jkn_desktop/persistence/tables.py")}


def modules() -> list[tuple[int, Path]]:
    found = []
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            if path.relative_to(ROOT) in GENERATED:
                continue
            found.append((len(path.read_text(encoding="utf-8").splitlines()), path))
    return sorted(found, reverse=True)


def longest_function() -> tuple[int, str]:
    best = (0, "")
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    n = (node.end_lineno or node.lineno) - node.lineno + 1
                    if n > best[0]:
                        best = (n, f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return best


def main() -> int:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ceiling = int(config["tool"]["jkn-desktop"]["max_module_lines"])
    sizes = modules()
    largest, where = sizes[0]
    over = [(n, p) for n, p in sizes if n > ceiling]
    problems = []
    if ceiling > HARD_LIMIT:
        problems.append(f"the ceiling {ceiling} is above {HARD_LIMIT}: it may only go down")
    problems += [
        f"{p.relative_to(ROOT)}: {n} lines, over the ceiling of {ceiling}" for n, p in over
    ]
    if largest < ceiling - SLACK:
        problems.append(
            f"the largest module has {largest} lines: lower max_module_lines in pyproject.toml "
            f"from {ceiling} to {largest} so the room won back is kept"
        )
    length, function = longest_function()
    print(
        f"largest module {where.relative_to(ROOT)} {largest} lines (ceiling {ceiling}); "
        f"longest function {function} {length} lines"
    )
    for problem in problems:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
