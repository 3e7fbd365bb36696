"""One declared settings schema with typed defaults, stored in the database (table ``setting``).

Add a setting here, never as a loose key elsewhere. ``SCHEMA_VERSION`` changes when a stored value
must be converted.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select

from jkn_desktop.domain import office as O
from jkn_desktop.domain import roles as perm
from jkn_desktop.persistence.tables import setting_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import SETTINGS as SETTINGS_CHANGED
from jkn_desktop.records.settings import Targets

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class SettingDef:
    key: str
    default: Any
    description: str


SETTINGS: dict[str, SettingDef] = {
    s.key: s
    for s in (
        SettingDef("schema_version", SCHEMA_VERSION, "Versi skema pengaturan"),
        SettingDef("target_coverage_pct", 98.0, "Target cakupan kepesertaan JKN (%)"),
        SettingDef("target_active_pct", 80.0, "Target keaktifan peserta JKN (%)"),
        SettingDef(
            "target_coverage_by_year",
            {"2022": 96.0, "2023": 97.0, "2024": 98.0},
            "Target cakupan per tahun (%), bertahap (Perbup Halmahera Tengah 37/2023 Ps. 2)",
        ),
        SettingDef(
            "status_max_age_days", 45, "Umur status kepesertaan (hari) sebelum loket memperingatkan"
        ),
        SettingDef("desil_max_age_months", 3, "Umur desil KK (bulan) sebelum diperingatkan"),
        SettingDef(
            "list_min_ratio",
            0.5,
            "Daftar PBI yang lebih pendek dari bagian ini dari daftar sebelumnya perlu dikonfirmasi",
        ),
        SettingDef("nik_mask_keep", 6, "Jumlah angka NIK yang tetap terlihat pada daftar umum"),
        SettingDef(
            "idle_lock_minutes",
            10,
            "Layar terkunci setelah sekian menit tidak dipakai (0: tidak pernah)",
        ),
        SettingDef(
            "apbdes_warn_dana_desa",
            True,
            "Peringatkan bila iuran JKN dibiayai Dana Desa (Kemendes 2024: tidak boleh)",
        ),
        SettingDef("priority_weights", {}, "Bobot skor prioritas penerima iuran APBDes"),
        SettingDef("dinsos_templates", {}, "Susunan kolom buku kerja bulanan untuk Dinas Sosial"),
        SettingDef("logo_png", "", "Logo desa untuk kop surat (PNG, base64)"),
        SettingDef(
            "counter_services",
            [[name, requires] for name, requires in O.DEFAULT_SERVICES],
            "Layanan di loket desa dan apakah masing-masing mensyaratkan JKN aktif",
        ),
        SettingDef(
            "apbdes_sktm_rule",
            O.SKTM_RULE_SKTM_OR_DESIL,
            "Pemeriksaan dasar penerima iuran APBDes: SKTM berlaku dan/atau desil 1–5",
        ),
        SettingDef("sktm_valid_months", O.SKTM_VALID_MONTHS, "Masa berlaku SKTM (bulan)"),
        SettingDef(
            "import_mappings", {}, "Pemetaan kolom impor yang diingat, per susunan judul kolom"
        ),
        SettingDef(
            "kec_deadline_day",
            10,
            "Batas kirim paket desa: tanggal sekian bulan berikutnya (kecamatan)",
        ),
    )
}


def coverage_target(work: Work, year: int) -> float:
    """The coverage target of a year: the staged target of that year or the latest year before
    it, else the single target."""
    staged = {
        int(y): float(v) for y, v in dict(get_setting(work, "target_coverage_by_year")).items()
    }
    earlier = [y for y in staged if y <= year]
    if earlier:
        return staged[max(earlier)]
    return float(get_setting(work, "target_coverage_pct"))


def set_coverage_target(work: Work, year: int, value: float) -> None:
    """The coverage target from ``year`` on (the earlier years keep theirs)."""
    work.require(perm.SETTINGS)
    staged = dict(get_setting(work, "target_coverage_by_year"))
    staged = {y: v for y, v in staged.items() if int(y) < year}
    staged[str(year)] = float(value)
    set_setting(work, "target_coverage_by_year", staged)
    set_setting(work, "target_coverage_pct", value)


def get_setting(work: Work, key: str) -> Any:
    definition = SETTINGS[key]
    conn = work.conn
    raw = conn.execute(select(setting_t.c.value).where(setting_t.c.key == key)).scalar()
    if raw is None:
        return definition.default
    value = json.loads(raw)
    return type(definition.default)(value)


def set_setting(work: Work, key: str, value: Any) -> None:
    work.require(perm.SETTINGS)
    definition = SETTINGS[key]
    typed = type(definition.default)(value)
    conn = work.conn
    conn.execute(delete(setting_t).where(setting_t.c.key == key))
    conn.execute(insert(setting_t).values(key=key, value=json.dumps(typed)))
    work.touch(SETTINGS_CHANGED)


def logo(work: Work) -> bytes | None:
    """The village logo saved in Pengaturan (PNG), for the kop surat; ``None`` when none is set."""
    raw = str(get_setting(work, "logo_png") or "")
    return base64.b64decode(raw) if raw else None


def targets(work: Work) -> Targets:
    return Targets(
        coverage_pct=coverage_target(work, work.today.year),
        active_pct=float(get_setting(work, "target_active_pct")),
        warn_dana_desa=bool(get_setting(work, "apbdes_warn_dana_desa")),
        status_max_age_days=int(get_setting(work, "status_max_age_days")),
        desil_max_age_months=int(get_setting(work, "desil_max_age_months")),
    )


def save_targets(work: Work, new: Targets) -> None:
    """The Pengaturan page's targets, saved together (the coverage target from this year on)."""
    work.require(perm.SETTINGS)
    set_coverage_target(work, work.today.year, new.coverage_pct)
    set_setting(work, "target_active_pct", new.active_pct)
    set_setting(work, "apbdes_warn_dana_desa", new.warn_dana_desa)
    set_setting(work, "status_max_age_days", new.status_max_age_days)
    set_setting(work, "desil_max_age_months", new.desil_max_age_months)
