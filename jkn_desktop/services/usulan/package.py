"""The desa → kecamatan package: one .xlsx a person can open, with the data sheets the kecamatan
needs and a Manifest sheet holding a SHA-256 over a canonical serialisation of each data sheet and
of all of them together with the Manifest's fields, signed with the village's Ed25519 key (format
3). Verification recomputes the hashes and checks the signature, so an edit by hand is detected and
the sheet named. Format: docs/package-format.md.

Modules: ``package_hash`` (canonical text, hashes, the Manifest's keys), ``package_sheets`` (the
data sheets, the residents' stable ids), ``package_sign`` (the village's key), ``package_verify``
(the check, no database needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jkn_desktop import __version__
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import signing
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import Sheet, write_sheets
from jkn_desktop.persistence.migrate import SCHEMA_HEAD
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.usulan import PackageResult
from jkn_desktop.services import audit
from jkn_desktop.services.documents.rosters import require_village
from jkn_desktop.services.usulan.package_hash import (
    FINGERPRINT,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    PUBLIC_KEY,
    SIGNATURE,
    canonical,
    digest_and_count,
    manifest_fields,
    sheet_digest,
    total_digest,
)
from jkn_desktop.services.usulan.package_sheets import DataSheet, data_sheets, fill_uids
from jkn_desktop.services.usulan.package_sign import village_key
from jkn_desktop.services.usulan.package_verify import FUTURE_TOLERANCE, verify_package
from jkn_desktop.services.usulan.proposals import check_period

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "FUTURE_TOLERANCE",
    "MANIFEST",
    "DataSheet",
    "canonical",
    "digest_and_count",
    "export_package",
    "manifest_fields",
    "sheet_digest",
    "total_digest",
    "verify_package",
]


def export_package(
    work: Work, period: str, out: Path, *, progress: Callable[[int, int], None] | None = None
) -> PackageResult:
    """The package of the month, stamped with the job's time (the village's wall clock) and signed
    with the village's key. A write job: the key is made at the first export and residents
    without a stable id get one."""
    work.require(perm.EXPORT)
    period = check_period(period)
    if out.suffix.lower() != ".xlsx":
        raise UserError("JENIS_BERKAS", what="Paket desa", allowed=".xlsx", file=out.name)
    village = require_village(work)
    now = work.now.replace(microsecond=0, tzinfo=None)
    key = village_key(work)
    fill_uids(work)
    data = data_sheets(work, period)
    if progress:
        progress(1, 2)
    digests = []
    for s in data:
        header_and_rows = [list(s.headers), *s.rows]
        digests.append((s.name, sheet_digest(s.name, header_and_rows)))
    fields: list[list[Any]] = [
        ["format", FORMAT],
        ["format_version", FORMAT_VERSION],
        ["kode_wilayah", village.kode_wilayah],
        ["desa", village.desa],
        ["kecamatan", village.kecamatan],
        ["kabupaten", village.kabupaten],
        ["periode", period],
        ["aplikasi", f"JKN Desktop {__version__}"],
        ["versi_skema", SCHEMA_HEAD],
        ["dibuat", now.isoformat(sep=" ")],
        ["operator", village.operator],
        [PUBLIC_KEY, key.public_key],
        [FINGERPRINT, key.fingerprint],
        *[[f"baris:{s.name}", len(s.rows)] for s in data],
    ]
    total = total_digest(
        digests, manifest_fields([(canonical(k), canonical(v)) for k, v in fields])
    )
    signature = signing.sign(key.private_key, total.encode("ascii"))
    manifest = [
        *fields,
        *[[f"sha256:{n}", d] for n, d in digests],
        ["sha256", total],
        [SIGNATURE, signature],
    ]
    sheets = [
        Sheet(MANIFEST, ["kunci", "nilai"], list(manifest), text_columns=(1,), widths=[24, 70])
    ]
    for s in data:
        text = [i for i, h in enumerate(s.headers) if h in s.text]
        sheets.append(Sheet(s.name, list(s.headers), s.rows, text_columns=text))
    write_sheets(out, sheets)
    if progress:
        progress(2, 2)
    counts = {s.name: len(s.rows) for s in data}
    audit.exported(
        work,
        document="Paket data untuk kecamatan",
        subject=period,
        rows=sum(counts.values()),
        masked=False,
        target=out,
    )
    return PackageResult(out, period, counts, total, key.fingerprint)
