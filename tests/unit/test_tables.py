"""The running program queries generated Core tables (decision 19); the SQLModel classes stay the
schema's declaration for Alembic. These tests fail when the two say different things, and when a
start would pay for SQLModel and pydantic again."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable

from jkn_desktop.persistence import (  # noqa: F401
    audit_models,
    kecamatan_models,
    office_models,
    people_models,
    summary_models,
    tables,
)
from jkn_desktop.persistence.models import metadata as declared
from jkn_desktop.services.database import open_database

ROOT = Path(__file__).resolve().parents[2]


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_tables", ROOT / "scripts" / "gen_tables.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_module_is_what_the_classes_say_now() -> None:
    text = (ROOT / "jkn_desktop" / "persistence" / "tables.py").read_text(encoding="utf-8")
    assert text == _generator().render(), "run: .venv/bin/python scripts/gen_tables.py"


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
def test_every_table_and_index_compiles_to_the_same_ddl(dialect: Any) -> None:
    assert sorted(tables.metadata.tables) == sorted(declared.tables)
    for name, ours in tables.metadata.tables.items():
        theirs = declared.tables[name]
        assert str(CreateTable(ours).compile(dialect=dialect)) == str(
            CreateTable(theirs).compile(dialect=dialect)
        ), name
        ours_ix = sorted(str(CreateIndex(i).compile(dialect=dialect)) for i in ours.indexes)
        theirs_ix = sorted(str(CreateIndex(i).compile(dialect=dialect)) for i in theirs.indexes)
        assert ours_ix == theirs_ix, name


def _default(column: Any) -> object:
    if column.default is None:
        return None
    arg = column.default.arg
    if callable(arg):
        value = arg(None)
        assert isinstance(value, dt.datetime), column
        assert value.tzinfo is not None, column
        return "now, with its zone"
    return arg


def test_the_python_side_defaults_agree() -> None:
    for name, ours in tables.metadata.tables.items():
        theirs = declared.tables[name]
        for column in ours.columns:
            assert _default(column) == _default(theirs.columns[column.name]), (name, column.name)


def test_opening_a_village_and_counting_its_coverage_loads_no_sqlmodel(tmp_path: Path) -> None:
    """The start's path — open the file, read the village, count the coverage — in a fresh
    process, after the file was made (making it runs the migrations, which read the classes)."""
    path = tmp_path / "desa.sqlite3"
    open_database(path).close()
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from jkn_desktop.services.database import open_database\n"
        "from jkn_desktop.services.membership.coverage import coverage\n"
        "from jkn_desktop.services.registry.village import get_village\n"
        f"db = open_database(Path({str(path)!r}))\n"
        "with db.work('-', write=False) as work:\n"
        "    get_village(work)\n"
        "    coverage(work)\n"
        "print(json.dumps(sorted(m for m in ('sqlmodel', 'pydantic', 'alembic') if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
