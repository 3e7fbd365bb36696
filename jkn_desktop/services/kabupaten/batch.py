"""The kabupaten takes in packages (decision 49): a village's own, checked exactly as a kecamatan
checks them (``services.kecamatan.batch``), and a kecamatan's forwarded batch — a folder or a
.zip with ``manifest.json`` (``services.kecamatan.forward``). Each package of a batch is checked
on its own and taken in as its own job, so a refused one never undoes the others; a package
already taken in (sent directly by its village, or in the same batch before) changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.records.kecamatan import ReceiveReport, Refused
from jkn_desktop.services.kabupaten.identity import require_kabupaten
from jkn_desktop.services.kecamatan.batch import receive_files
from jkn_desktop.services.kecamatan.forward import FORMAT, MANIFEST


@dataclass(slots=True)
class BatchReport:
    """A forwarded batch taken in: whose it is, and what became of each package."""

    kode_kecamatan: str
    kecamatan: str
    period: str
    report: ReceiveReport
    not_included: list[str] = field(default_factory=list)  # villages the kecamatan could not send

    def as_json(self) -> dict[str, Any]:
        return {
            "kode_kecamatan": self.kode_kecamatan,
            "kecamatan": self.kecamatan,
            "period": self.period,
            **self.report.as_json(),
            "not_included": self.not_included,
        }


def is_batch(path: Path) -> bool:
    """A kecamatan's forwarded batch: a .zip, or a folder with its manifest."""
    return path.suffix.lower() == ".zip" or (path.is_dir() and (path / MANIFEST).is_file())


def _manifest(folder: Path, source: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise UserError("KIRIMAN_BUKAN", file=source.name) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError("KIRIMAN_BUKAN", file=source.name)
    return data


def _unpack(source: Path, into: Path) -> Path:
    """The batch's folder: ``source`` itself, or the .zip's files unpacked into ``into`` (only
    plain file names: a name with a folder in it is left out)."""
    if source.is_dir():
        return source
    try:
        with zipfile.ZipFile(source) as z:
            for member in z.infolist():
                name = member.filename
                if member.is_dir() or "/" in name or "\\" in name or name.startswith("."):
                    continue
                (into / name).write_bytes(z.read(member))
    except (OSError, zipfile.BadZipFile):
        raise UserError("KIRIMAN_BUKAN", file=source.name) from None
    return into


def _refused(name: str, e: UserError, kode: str) -> Refused:
    return Refused(name, e.code, e.message, kode_wilayah=kode)


def receive_batch(
    db: Any,
    source: Path,
    *,
    user: Any,
    register_new_keys: bool = False,
    reregister_reason: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    now: dt.datetime | None = None,
) -> BatchReport:
    """Take in a kecamatan's forwarded batch. The manifest must be a kecamatan's of this
    kabupaten; a file it lists that is missing or no longer the file the kecamatan wrote is
    refused, a file it does not list is passed over, and every other package goes through the
    same checks as a village's own (``receive_package``), one job each."""
    source = Path(source)
    with db.work(user, write=False) as work:
        work.require(perm.IMPORT)
        kab = require_kabupaten(work)
    if not source.exists():
        raise UserError("PAKET_TIDAK_ADA", file=str(source))
    with tempfile.TemporaryDirectory(prefix="jkn-kiriman-") as tmp:
        folder = _unpack(source, Path(tmp))
        m = _manifest(folder, source)
        kode_kec = str(m.get("kode_kecamatan", ""))
        if not kode_kec.startswith(kab.kode_wilayah + "."):
            raise UserError(
                "KIRIMAN_KABUPATEN_LAIN",
                file=source.name,
                kecamatan=str(m.get("kecamatan", "")),
                kode=kode_kec,
                kabupaten=kab.label,
            )
        refused: list[Refused] = []
        paths: list[Path] = []
        for entry in m.get("paket", []):
            name = Path(str(entry.get("berkas", ""))).name
            path = folder / name
            kode = str(entry.get("kode_wilayah", ""))
            if not name or not path.is_file():
                e = UserError("KIRIMAN_BERKAS_HILANG", file=name or "?")
                refused.append(_refused(name or "?", e, kode))
            elif hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
                e = UserError("KIRIMAN_BERKAS_BEDA", file=name)
                refused.append(_refused(name, e, kode))
            else:
                paths.append(path)
        report = (
            receive_files(
                db,
                paths,
                user=user,
                register_new_keys=register_new_keys,
                reregister_reason=reregister_reason,
                progress=progress,
                cancelled=cancelled,
                now=now,
            )
            if paths
            else ReceiveReport()
        )
    report.refused[:0] = refused
    missing = [str(n.get("desa", "")) for n in m.get("tidak_disertakan", [])]
    return BatchReport(
        kode_kec, str(m.get("kecamatan", "")), str(m.get("periode", "")), report, missing
    )
