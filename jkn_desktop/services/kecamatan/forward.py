"""The kecamatan forwards a month to the kabupaten (issue #17, item 2; decision 49): the current
package of each village for that month, byte for byte as the village sent it (so the village's
signature still verifies at the kabupaten), in one folder or one .zip with a manifest
(``manifest.json``) naming each file, its village and its SHA-256.

A package taken in before migration 0015 kept no file: it is listed in the manifest as not
included, and its village sends it to the kabupaten directly."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kec_package_file_t, kec_package_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.identity import require_kecamatan, villages
from jkn_desktop.services.kecamatan.packages import current_packages
from jkn_desktop.services.kecamatan.summary import check_period

P, PF = kec_package_t, kec_package_file_t
FORMAT = "jkn-desktop/kiriman-kecamatan"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class ForwardResult:
    target: Path
    period: str
    files: list[str] = field(default_factory=list)
    not_kept: list[str] = field(default_factory=list)  # villages whose package kept no file


def package_file_name(kode_wilayah: str, period: str) -> str:
    return f"paket_{kode_wilayah.replace('.', '')}_{period}.xlsx"


def forward_month(work: Work, period: str, out: Path) -> ForwardResult:
    """Write ``period``'s current village packages into ``out``: a ``.zip`` file, or a folder
    (made if needed; it must not hold another batch). Full NIKs leave the office: ``perm.EXPORT``."""
    work.require(perm.EXPORT)
    info = require_kecamatan(work)
    if info.is_kabupaten:
        raise UserError("KEC_TERUSKAN_KABUPATEN")
    year, month = check_period(period)
    period = f"{year}-{month:02d}"
    held = current_packages(work, period)
    if not held:
        raise UserError("KEC_BELUM_ADA_PAKET", what=f"bulan {period}")
    out = Path(out)
    as_zip = out.suffix.lower() == ".zip"
    if not as_zip and (out / MANIFEST).exists():
        raise UserError("KIRIMAN_FOLDER_TERISI", folder=str(out))
    names = {v.kode_wilayah: v.full_name for v in villages(work)}
    kept = dict(
        work.conn.execute(
            select(PF.c.package_id, PF.c.content).where(PF.c.package_id.in_(held.values()))
        ).all()
    )
    made = dict(
        work.conn.execute(select(P.c.id, P.c.made_at).where(P.c.id.in_(held.values()))).all()
    )
    entries, contents, not_kept = [], {}, []
    for kode, pid in sorted(held.items()):
        content = kept.get(pid)
        if content is None:
            not_kept.append({"kode_wilayah": kode, "desa": names.get(kode, kode)})
            continue
        name = package_file_name(kode, period)
        contents[name] = bytes(content)
        entries.append(
            {
                "berkas": name,
                "kode_wilayah": kode,
                "desa": names.get(kode, kode),
                "dibuat": made[pid].isoformat(),
                "sha256": hashlib.sha256(contents[name]).hexdigest(),
            }
        )
    manifest = {
        "format": FORMAT,
        "versi": FORMAT_VERSION,
        "kode_kecamatan": info.kode_wilayah,
        "kecamatan": info.kecamatan,
        "kabupaten": info.kabupaten,
        "periode": period,
        "dibuat": work.now.isoformat(),
        "paket": entries,
        "tidak_disertakan": not_kept,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    if as_zip:
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, content in contents.items():
                z.writestr(name, content)
            z.writestr(MANIFEST, text)
        target = out
    else:
        out.mkdir(parents=True, exist_ok=True)
        for name, content in contents.items():
            (out / name).write_bytes(content)
        target = out / MANIFEST  # written last: a folder without it is no batch
        target.write_bytes(text)
    audit.exported(
        work,
        document="Kiriman paket desa ke kabupaten",
        subject=period,
        rows=len(entries),
        masked=False,
        target=target,
    )
    return ForwardResult(out, period, list(contents), [n["desa"] for n in not_kept])
