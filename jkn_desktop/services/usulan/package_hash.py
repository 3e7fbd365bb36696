"""The package's canonical text and hashes (docs/package-format.md, *Hashes*): shared by the
village that writes a package and the checker that reads one back."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

FORMAT = "jkn-desktop-paket-desa"
# 2: the overall hash covers every Manifest field; 3: signed with the village's Ed25519 key, a
# stable id and the village's verdict per resident, the Ringkasan sheet (1 and 2 are still read)
FORMAT_VERSION = "3"
READABLE_VERSIONS = ("1", "2", "3")
MANIFEST = "Manifest"
PUBLIC_KEY = "kunci_publik"  # format 3: base64 of the village's raw Ed25519 public key
FINGERPRINT = "sidik_kunci"  # format 3: its short fingerprint (domain.signing.fingerprint)
SIGNATURE = "tanda_tangan"  # format 3: base64 signature over the ASCII of the overall sha256


def cell_text(value: Any) -> Any:
    """Dates as ISO text, so every reader sees the same cell."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else value


def canonical(value: Any) -> str:
    """One cell as the hash sees it: empty for nothing, whole numbers without a decimal point
    (a reader may give 5.0 for 5), text as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return str(cell_text(value))
    return str(value)


def sheet_digest(name: str, rows: Iterable[Sequence[Any]]) -> str:
    """SHA-256 of a sheet: its name, then each row's cells joined by TAB, rows by LF (trailing
    empty cells and empty rows dropped, as spreadsheet readers do)."""
    return digest_and_count(name, rows)[0]


def digest_and_count(name: str, rows: Iterable[Sequence[Any]]) -> tuple[str, int]:
    """The sheet's digest and its rows that are not empty, in one pass over the cells (text, the
    most of them, is taken as it is)."""
    h = hashlib.sha256(name.encode("utf-8") + b"\n")
    update = h.update
    counted = 0
    for row in rows:
        cells = [v if type(v) is str else canonical(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            counted += 1
            update(("\t".join(cells) + "\n").encode("utf-8"))
    return h.hexdigest(), counted


def total_digest(
    digests: Sequence[tuple[str, str]], fields: Sequence[tuple[str, str]] | None = None
) -> str:
    """SHA-256 over the Manifest's own fields ("key=value" lines, format 2 and 3) and then the
    "name:digest" lines of every data sheet, in the package's order (format 1: the sheets only)."""
    head = "".join(f"{k}={v}\n" for k, v in fields) if fields is not None else ""
    tail = "".join(f"{n}:{d}\n" for n, d in digests)
    return hashlib.sha256((head + tail).encode("utf-8")).hexdigest()


def manifest_fields(info: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The Manifest rows the overall hash covers: every one but the hashes themselves (the sheet
    hashes enter through their own lines) and the signature (made over the overall hash)."""
    return [
        (k, v) for k, v in info if k not in ("sha256", SIGNATURE) and not k.startswith("sha256:")
    ]
