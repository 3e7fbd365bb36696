"""Data Ganda in the window (issue #15): a person registered in two villages, both records side
by side, the verdict and the village's return file."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import settle
from tests.ui.kecamatan_fixtures import kec_window, kecamatan_file

__all__ = ["kec_window", "kecamatan_file"]  # the fixtures, used by name


def test_a_person_in_two_villages_is_judged_side_by_side(qtbot, kec_window) -> None:
    from jkn_desktop.domain import duplicates as D
    from jkn_desktop.services.kecamatan.verdicts import all_verdicts

    win = kec_window
    page = win.show_page("Data Ganda")
    settle(qtbot, win)
    report = page.report
    assert report is not None
    same = [c for c in report.candidates if c.kind == D.NIK_SAMA]
    assert same, report.candidates
    row = report.candidates.index(same[0])
    page.view.selectRow(row)
    settle(qtbot, win)
    candidate = same[0]
    assert page.side_a.values[1].text() == candidate.a.nik == candidate.b.nik
    assert {page.fix_a.text(), page.fix_b.text()} == {candidate.a.village, candidate.b.village}
    # "bukan" needs a note: refused under the buttons, nothing stored
    page.note.setText("")
    page.other_btn.click()
    settle(qtbot, win)
    assert "catatan" in page.error.text().lower()
    assert not win.ctx.db.run(all_verdicts, write=False)
    # the same person: the second village corrects
    page.fix_b.setChecked(True)
    page.same_btn.click()
    settle(qtbot, win)
    verdicts = win.ctx.db.run(all_verdicts, write=False)
    v = verdicts[(candidate.kind, candidate.pair_key)]
    assert (v.verdict, v.correcting_village) == (D.SAMA, candidate.b.kode_wilayah)
    judged = next(c for c in page.report.candidates if c.pair_key == candidate.pair_key)
    assert judged.verdict is not None
    # the village's return file
    out = Path(win.ctx.db.path).parent / "koreksi.xlsx"
    page.export_to(candidate.b.kode_wilayah, out)
    settle(qtbot, win)
    assert out.exists()
