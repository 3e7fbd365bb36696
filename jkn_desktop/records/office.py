"""The month of a village at a glance: coverage, proposals, APBDes premiums, the counter, the SKTM
register and the officials — what the monthly report prints and the package carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jkn_desktop.records.apbdes import LineSummary
from jkn_desktop.records.counter import CounterMonth
from jkn_desktop.records.membership import AreaCoverage
from jkn_desktop.records.officials import OfficialsSummary
from jkn_desktop.records.sktm import SktmMonth
from jkn_desktop.records.village import VillageInfo


@dataclass(frozen=True, slots=True)
class OfficeMonth:
    """The office's own acts in one month."""

    period: str  # YYYY-MM
    counter: CounterMonth
    sktm: SktmMonth
    officials: OfficialsSummary

    def rows(self) -> list[tuple[str, str, int]]:
        """(part, measure, count) in a fixed order: the package's Pelayanan sheet and the tests
        read the same figures."""
        c, s, o = self.counter, self.sktm, self.officials
        out: list[tuple[str, str, int]] = [("loket", "jumlah_layanan", c.total)]
        out += [("loket", outcome, n) for outcome, n in c.by_outcome.items()]
        out += [
            ("loket", "ditolak_tanpa_tawaran_usulan", c.refused_without_offer),
            ("loket", "tindak_lanjut_terbuka", c.followups_open),
            ("loket", "tindak_lanjut_selesai", c.followups_closed),
        ]
        out += [("loket_layanan", name, n) for name, n in sorted(c.by_service.items())]
        out += [
            ("sktm", "terbit", s.issued),
            ("sktm", "dibatalkan", s.cancelled),
            ("sktm", "berlaku_akhir_bulan", s.valid_at_end),
            ("sktm", "berakhir_bulan_ini", s.expiring),
            ("sktm", "pemegang_belum_terlindungi", s.holders_uninsured),
            ("sktm", "biaya_iuran_sebulan", s.uninsured_cost_month),
            ("perangkat", "pejabat", o.officials),
            ("perangkat", "ppu_aktif", o.on_ppu),
            ("perangkat", "bukan_ppu", o.not_ppu),
            ("perangkat", "keluarga", o.family),
            ("perangkat", "keluarga_terlindungi", o.family_covered),
            ("perangkat", "keluarga_belum_terlindungi", o.family_uncovered),
        ]
        return out


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    """What the Kepala Desa reports to the Camat for a month (Inbup Karanganyar 440/3/2022
    KEDELAPAN BELAS): coverage on the day the report is made, the month's proposals, the APBDes
    premiums of the year, and the office's own acts of the month."""

    period: str
    made_on: dt.date
    village: VillageInfo
    coverage: AreaCoverage
    target_coverage_pct: float
    target_active_pct: float
    proposals: dict[str, int]  # kind -> proposals of the month
    proposals_by_status: dict[str, int]  # status -> proposals of the month
    apbdes: list[LineSummary]  # the year's premium lines (none in a kelurahan)
    office: OfficeMonth
