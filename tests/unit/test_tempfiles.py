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
