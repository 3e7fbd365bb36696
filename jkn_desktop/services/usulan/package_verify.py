"""Checking a desa → kecamatan package without any database: every sheet's hash, the overall hash
over the Manifest's fields, the village's signature (format 3) and the creation time against the
checker's clock. Problems are Indonesian sentences naming the file or the sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jkn_desktop.domain import signing
from jkn_desktop.domain.formatting import waktu
from jkn_desktop.records.usulan import Verification
from jkn_desktop.services.usulan.package_hash import (
    FINGERPRINT,
    FORMAT,
    MANIFEST,
    PUBLIC_KEY,
    READABLE_VERSIONS,
    SIGNATURE,
    canonical,
    digest_and_count,
    manifest_fields,
    total_digest,
)

FUTURE_TOLERANCE = dt.timedelta(days=1)  # a village laptop's clock may be a little ahead


def verify_package(path: Path, now: dt.datetime) -> Verification:
    """Recompute every sheet's hash and the overall hash (over the Manifest's own fields too, from
    format 2) and compare with the Manifest; in format 3 check the signature with the Manifest's
    public key and that ``sidik_kunci`` is that key's fingerprint (whether the key is the one the
    kecamatan registered is the receiving's business); a creation time later than ``now`` (the
    checker's clock) is refused. Problems name the sheet. No database is needed."""
    from jkn_desktop.importers.reader import ImportFileError, open_workbook

    try:
        wb = open_workbook(Path(path))
    except ImportFileError as exc:
        return Verification(False, problems=[exc.message], readable=False)
    return verify_workbook(wb, now)


def verify_workbook(wb: Any, now: dt.datetime) -> Verification:
    """:func:`verify_package` on an open workbook: receiving reads each sheet once for both."""
    path, names = Path(wb.path), wb.names
    if MANIFEST not in names:
        return Verification(
            False,
            problems=[f"Berkas {path.name} bukan paket desa: lembar {MANIFEST} tidak ada."],
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
    if version not in READABLE_VERSIONS:
        return Verification(
            False,
            problems=[
                f"Paket ini berformat {version}, lebih baru dari program ini. Perbarui JKN Desktop."
            ],
            readable=False,
        )
    v.format_version = version
    fields = manifest_fields(pairs) if version != "1" else None
    total = total_digest(digests, fields)
    if not v.problems and total != info.get("sha256"):
        v.problems.append(
            f"Lembar {MANIFEST} diubah (desa, periode, waktu pembuatan atau isian lain): "
            "SHA-256 keseluruhan tidak cocok."
        )
    if version not in ("1", "2"):
        v.problems += _signature_problems(path.name, info, v)
    timing = _time_problems(info.get("dibuat", ""), now)
    v.future = bool(timing) and parse_time(info.get("dibuat", "")) is not None
    v.problems += timing
    v.ok = not v.problems
    return v


def _signature_problems(file: str, info: dict[str, str], v: Verification) -> list[str]:
    """Format 3: the signature over the overall hash, by the Manifest's public key, whose
    fingerprint the Manifest states. Fills ``v.signed``, ``public_key``, ``fingerprint``."""
    public = info.get(PUBLIC_KEY, "")
    signature = info.get(SIGNATURE, "")
    if not public or not signature:
        return [
            f"Paket {file} berformat 3 tetapi tanpa tanda tangan desa (kunci publik atau tanda "
            f"tangan tidak ada di lembar {MANIFEST}): minta desa membuat paket ulang."
        ]
    fingerprint = signing.fingerprint_of(public)
    if not fingerprint:
        return [f"Kunci publik di lembar {MANIFEST} paket {file} tidak terbaca: berkas rusak."]
    v.public_key, v.fingerprint = public, fingerprint
    problems = []
    if info.get(FINGERPRINT, "") != fingerprint:
        problems.append(
            f"Sidik kunci di lembar {MANIFEST} paket {file} tidak sesuai dengan kunci publiknya: "
            "paket diubah."
        )
    if not signing.signature_valid(public, signature, info.get("sha256", "").encode("ascii")):
        problems.append(
            f"Tanda tangan desa pada paket {file} tidak sah: paket diubah setelah ditandatangani."
        )
    v.signed = not problems
    return problems


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
    made = parse_time(written)
    if made is None:
        return [f"Waktu pembuatan di lembar {MANIFEST} tidak terbaca."]
    if _wall(made) > _wall(now) + FUTURE_TOLERANCE:
        return [
            f"Paket ini mengaku dibuat {waktu(made)}, di masa depan: isinya tidak dipercaya. "
            "Minta desa membuat paket ulang (periksa juga jam laptop desa)."
        ]
    return []


def _wall(t: dt.datetime) -> dt.datetime:
    """A time as this computer's wall clock shows it, without a zone (the Manifest writes none)."""
    return t.astimezone().replace(tzinfo=None) if t.tzinfo is not None else t


def parse_time(text: str) -> dt.datetime | None:
    """The Manifest's ``dibuat`` as a time (None when it cannot be read)."""
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
