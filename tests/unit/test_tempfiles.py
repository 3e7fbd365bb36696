"""Everything atomic (issue #19, item 5): an export writes beside its target and renames; a process
killed midway leaves a temporary file that the next start removes, and the earlier file whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from jkn_desktop.exporters.tempfiles import sweep

KILLED_MIDWAY = """
import os, sys
from pathlib import Path
from jkn_desktop.exporters.tempfiles import temp_beside
cm = temp_beside(Path(sys.argv[1]))
tmp = cm.__enter__()
tmp.write_bytes(b"separuh berkas")
os._exit(9)  # killed: no cleanup runs
"""


def test_a_killed_export_leaves_nothing_after_the_next_start(tmp_path: Path):
    target = tmp_path / "daftar.xlsx"
    target.write_bytes(b"berkas lama yang utuh")
    done = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, str(target)], check=False)
    assert done.returncode == 9
    left = target.with_name("daftar.xlsx.tmp")
    assert left.exists()
    assert target.read_bytes() == b"berkas lama yang utuh"
    assert sweep() == 1
    assert not left.exists()
    assert target.read_bytes() == b"berkas lama yang utuh"


STILL_WRITING = """
import sys, time
from pathlib import Path
from jkn_desktop.exporters.tempfiles import temp_beside
with temp_beside(Path(sys.argv[1])) as tmp:
    tmp.write_bytes(b"sedang ditulis")
    print("mulai", flush=True)
    time.sleep(60)
"""


def test_a_start_beside_a_running_export_leaves_its_file_alone(tmp_path: Path):
    """A command started while the window exports (the writer lock lets readers run beside it)
    must not sweep the window's unfinished file."""
    target = tmp_path / "dinsos.xlsx"
    writer = subprocess.Popen(
        [sys.executable, "-c", STILL_WRITING, str(target)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "mulai"
        assert sweep() == 0
        assert target.with_name("dinsos.xlsx.tmp").read_bytes() == b"sedang ditulis"
    finally:
        writer.kill()
        writer.communicate()
    assert sweep() == 1  # killed: now its leftover goes


def test_a_failed_workbook_write_leaves_no_temporary_file(tmp_path: Path):
    import pytest

    from jkn_desktop.exporters.xlsx import write_table

    target = tmp_path / "daftar.xlsx"

    def rows():
        yield ["3313050101800001", "SITI"]
        raise RuntimeError("sumber data putus")

    with pytest.raises(RuntimeError):
        write_table(target, "Daftar", ["NIK", "NAMA"], rows(), text_columns=[0])
    assert list(tmp_path.iterdir()) == []


KILLED_DEMO = """
import os, sys, threading
from pathlib import Path
from jkn_desktop.services.database import open_database
from jkn_desktop.demo import jkn as demo_jkn

db = open_database(Path(sys.argv[1]))
real = demo_jkn.record

def record(conn, plan, **kw):
    real(conn, plan, **kw)
    os._exit(9)  # killed while the village is half built

demo_jkn.record = record
from jkn_desktop.demo.village import generate
generate(db, 300, seed=2)
"""


def test_a_demo_killed_midway_leaves_the_database_as_it_was(db_path: Path):
    """Issue #19 item 5: the demo is built in a copy and renamed over the file at the end, so a
    kill leaves the database untouched and the next demo runs."""
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.stats import registry_stats

    done = subprocess.run([sys.executable, "-c", KILLED_DEMO, str(db_path)], check=False)
    assert done.returncode == 9
    db = open_database(db_path)
    try:
        assert db.run(registry_stats).residents == 0
        generate(db, 300, seed=2)
        assert db.run(registry_stats).residents == 300
    finally:
        db.close()
    assert not db_path.with_name(db_path.name + ".demo-baru").exists()


def test_every_cell_we_write_is_data_never_a_formula(tmp_path: Path):
    """A name that starts like a formula stays text in every workbook we write (the one writer
    behind exports, the Dinas Sosial workbook and the package)."""
    from openpyxl import load_workbook

    from jkn_desktop.exporters.xlsx import write_table

    values = ['=HYPERLINK("http://x","klik")', "=cmd|' /C calc'!A0", "+SUM(1,1)", "@SUM(1)", "-1+2"]
    out = tmp_path / "nama.xlsx"
    write_table(
        out, "Daftar", ["NIK", "NAMA"], [["=3313050101800001", v] for v in values], text_columns=[0]
    )
    rows = list(load_workbook(out).active.iter_rows(min_row=2))
    assert [r[1].value for r in rows] == values
    assert {c.data_type for r in rows for c in r} == {"s"}
