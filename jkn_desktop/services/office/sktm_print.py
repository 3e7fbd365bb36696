"""The SKTM printouts saved as PDF: one letter, and the register of a month."""

from __future__ import annotations

from pathlib import Path

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.sktm import SHOW_ISSUED, SktmFilter, SktmLetter
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.reports import sktm_letter, sktm_register
from jkn_desktop.services import audit
from jkn_desktop.services.office.sktm import month_counts
from jkn_desktop.services.office.sktm_lists import letter_data, sktm_list
from jkn_desktop.services.registry.village import get_village
from jkn_desktop.services.settings import logo


def _village(work: Work, out: Path, what: str) -> VillageInfo:
    if out.suffix.lower() != ".pdf":
        raise UserError("JENIS_BERKAS", what=what, allowed=".pdf", file=out.name)
    village = get_village(work)
    if village is None:
        raise UserError("NO_VILLAGE")
    return village


def export_letter(work: Work, sktm_id: int, out: Path) -> SktmLetter:
    """The SKTM as the letter the Kepala Desa (Lurah) signs, written to ``out`` (PDF)."""
    work.require(perm.OFFICE)
    village = _village(work, out, "SKTM")
    letter = letter_data(work, sktm_id)
    sktm_letter.write(letter, village, out, logo(work), work.today)
    what = "Surat keterangan tidak mampu (SKTM)"
    audit.exported(work, document=what, subject=letter.sktm.nik, rows=1, masked=False, target=out)
    return letter


def export_register(work: Work, period: str, out: Path) -> int:
    """The SKTMs issued in ``period`` (``2026-12``) with the month's counts, written to ``out``
    (PDF); returns how many SKTMs it lists."""
    work.require(perm.EXPORT)
    village = _village(work, out, "Register SKTM")
    counts = month_counts(work, period)
    rows = list(reversed(sktm_list(work, SktmFilter(SHOW_ISSUED, counts.period))))
    sktm_register.write(rows, counts, village, out, logo(work), work.today)
    audit.exported(
        work,
        document="Register SKTM",
        subject=counts.period,
        rows=len(rows),
        masked=False,
        target=out,
    )
    return len(rows)
