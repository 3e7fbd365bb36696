"""Verifying a desa → kecamatan package: every sheet's hash and the overall hash recomputed and
compared with the Manifest, and the creation time checked against the checker's clock. Format:
docs/package-format.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jkn_desktop.records.usulan import Verification
from jkn_desktop.services.usulan.package import (
    FORMAT,
    FUTURE_TOLERANCE,
    MANIFEST,
    canonical,
    digest_and_count,
    manifest_fields,
    total_digest,
)


def verify_package(path: Path, now: dt.datetime) -> Verification:
    """Recompute every sheet's hash and the overall hash (over the Manifest's own fields too, in
    format 2) and compare with the Manifest; a creation time later than ``now`` (the checker's
    clock) is refused. Problems name the sheet. No database is needed: a kecamatan checks files."""
    from jkn_desktop.importers.reader import ImportFileError, open_workbook

    try:
        wb = open_workbook(Path(path))
    except ImportFileError as exc:
        return Verification(False, problems=[exc.message], readable=False)
    return verify_workbook(wb, now)


def verify_workbook(wb: Any, now: dt.datetime) -> Verification:
    """:func:`verify_package` on an open workbook: receiving reads each sheet once for both."""
    path, names = wb.path, wb.names
    if MANIFEST not in names:
        return Verification(
            False,
            problems=[f"Berkas {Path(path).name} bukan paket desa: lembar {MANIFEST} tidak ada."],
            readable=False,
        )

    pairs = [
        (canonical(r[0]), canonical(r[1]) if len(r) > 1 else "") for r in wb.rows(MANIFEST)[1:] if r
    ]
    pairs = [(k, v) for k, v in pairs if k]
    info = dict(pairs)
    if info.get("format") != FORMAT:
        return Verification(
            False,
            problems=[f"Lembar {MANIFEST} tidak berisi penanda paket JKN Desktop."],
            readable=False,
        )
    v = Verification(
        True,
        info.get("kode_wilayah", ""),
        info.get("desa", ""),
        info.get("periode", ""),
        info.get("dibuat", ""),
    )
    expected = [k.split(":", 1)[1] for k in info if k.startswith("sha256:")]
    digests = _check_sheets(wb, expected, info, v)
    extra = [n for n in names if n != MANIFEST and n not in expected]
    v.problems += [
        f"Lembar {n} tidak termasuk paket (ditambahkan setelah paket dibuat)." for n in extra
    ]
    version = info.get("format_version", "1")
    if version not in ("1", "2"):
        return Verification(
            False,
            problems=[
                f"Paket ini berformat {version}, lebih baru dari program ini. Perbarui JKN Desktop."
            ],
            readable=False,
        )
    v.format_version = version
    fields = manifest_fields(pairs) if version == "2" else None
    if not v.problems and total_digest(digests, fields) != info.get("sha256"):
        v.problems.append(
            f"Lembar {MANIFEST} diubah (desa, periode, waktu pembuatan atau isian lain): "
            "SHA-256 keseluruhan tidak cocok."
        )
    v.problems += _time_problems(info.get("dibuat", ""), now)
    v.ok = not v.problems
    return v


def _check_sheets(
    wb: Any, expected: list[str], info: dict[str, str], v: Verification
) -> list[tuple[str, str]]:
    """Each data sheet's hash recomputed (and its rows counted into ``v``); a missing or changed
    sheet is a problem named in ``v``."""
    digests = []
    for name in expected:
        if name not in wb.names:
            v.problems.append(f"Lembar {name} hilang dari paket.")
            digests.append((name, ""))
            continue
        digest, counted_rows = digest_and_count(name, wb.rows(name))
        v.rows[name] = max(0, counted_rows - 1)  # the header is not a row of data
        digests.append((name, digest))
        if digest != info.get(f"sha256:{name}"):
            counted = info.get(f"baris:{name}", "")
            detail = (
                f" (baris: manifest {counted}, berkas {v.rows[name]})"
                if counted and counted != str(v.rows[name])
                else ""
            )
            v.problems.append(
                f"Lembar {name} berubah setelah paket dibuat{detail}: isinya tidak cocok dengan SHA-256 di Manifest."
            )
    return digests


def _time_problems(written: str, now: dt.datetime) -> list[str]:
    """A creation time that cannot be read, or one in the checker's future."""
    made = _parse_time(written)
    if made is None:
        return [f"Waktu pembuatan di lembar {MANIFEST} tidak terbaca."]
    if _wall(made) > _wall(now) + FUTURE_TOLERANCE:
        return [
            f"Paket ini mengaku dibuat {made:%d-%m-%Y %H:%M}, di masa depan: isinya tidak dipercaya. "
            "Minta desa membuat paket ulang (periksa juga jam laptop desa)."
        ]
    return []


def _wall(t: dt.datetime) -> dt.datetime:  # this computer's wall clock (the Manifest has no zone)
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def _parse_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
