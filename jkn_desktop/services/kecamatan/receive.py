"""Receiving the villages' monthly packages (issue #15, item 3).

Each package is checked whole — readable, a package, intact (hashes), signed by the village's
registered key, for this kecamatan (or kabupaten: decision 49) and a village on its list, of a known format and schema, for a
real month — and then taken in as one transaction, or refused whole with the reason. A village's
later package for a month replaces the earlier one by its creation time; the earlier stays
listed with its rows. The very same package read again changes nothing.

``receive_package`` is one job; ``batch.receive_files`` runs a batch of files and folders, one job
per package, so a refused or failing package never takes the others with it."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import tanggal, waktu
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_columns
from jkn_desktop.persistence.migrate import SCHEMA_HEAD
from jkn_desktop.persistence.search import index_words
from jkn_desktop.persistence.tables import (
    kec_apbdes_beneficiary_t,
    kec_apbdes_line_t,
    kec_household_t,
    kec_office_figure_t,
    kec_package_file_t,
    kec_package_t,
    kec_proposal_t,
    kec_resident_t,
    kec_village_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan import Received, Refused
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.figures import store_figures
from jkn_desktop.services.kecamatan.identity import require_kecamatan
from jkn_desktop.services.kecamatan.keys import register_key, registered_key
from jkn_desktop.services.kecamatan.package_open import OpenedPackage, open_package
from jkn_desktop.services.kecamatan.packages import CURRENT, REPLACED
from jkn_desktop.services.kecamatan.summary import previous_period

P, V = kec_package_t, kec_village_t
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
KEY_UNREGISTERED = "PAKET_KUNCI_BARU"


@dataclass(frozen=True, slots=True)
class ManifestHead:
    """What a batch needs to know of a file before taking anything in."""

    path: Path
    kode_wilayah: str
    period: str
    sha256: str


def package_files(paths: Iterable[Path]) -> tuple[list[Path], list[Refused]]:
    """The files to read: each file given, and every .xlsx in a folder and its subfolders (other
    files in a folder — photos, PDFs — are passed over; Excel's ``~$`` lock files too). A file
    given by name that is not .xlsx, or a path that does not exist, is refused."""
    found: list[Path] = []
    refused: list[Refused] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inner = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() == ".xlsx"
                and not p.name.startswith(("~$", "."))
            )
        elif path.is_file() and path.suffix.lower() == ".xlsx":
            inner = [path]
        elif path.exists():
            e = UserError("PAKET_BUKAN_XLSX", file=path.name)
            refused.append(Refused(path.name, e.code, e.message))
            continue
        else:
            e = UserError("PAKET_TIDAK_ADA", file=str(path))
            refused.append(Refused(path.name, e.code, e.message))
            continue
        for p in inner:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                found.append(p)
    return found, refused


def manifest_head(path: Path) -> ManifestHead | None:
    """The village, month and overall hash a file's Manifest claims (nothing verified yet);
    ``None`` for a file that is not a package (its full check says why)."""
    from jkn_desktop.importers.reader import ImportFileError, open_workbook

    try:
        wb = open_workbook(path)
        if "Manifest" not in wb.names:
            return None
        info = {str(r[0]).strip(): r[1] for r in wb.rows("Manifest")[1:] if len(r) >= 2 and r[0]}
    except ImportFileError:
        return None
    return ManifestHead(
        path,
        str(info.get("kode_wilayah", "")).strip(),
        str(info.get("periode", "")).strip(),
        str(info.get("sha256", "")).strip(),
    )


def batch_conflicts(heads: Sequence[ManifestHead]) -> dict[Path, Refused]:
    """Two different packages of one village and month in the same batch: both are refused (the
    person picks the right one and receives it alone). Copies of one package (the same hash, as
    a WhatsApp folder often holds) are one package: the first is taken in, the others are read
    and found "already received" — or altered, when a copy's content no longer matches its
    Manifest."""
    by_month: dict[tuple[str, str], dict[str, list[Path]]] = {}
    for h in heads:
        by_month.setdefault((h.kode_wilayah, h.period), {}).setdefault(h.sha256, []).append(h.path)
    out: dict[Path, Refused] = {}
    for (kode, period), versions in by_month.items():
        if len(versions) < 2:
            continue
        files = [ps[0] for ps in versions.values()]
        for ps in versions.values():
            for p in ps:
                others = ", ".join(f.name for f in files if f != ps[0])
                e = UserError(
                    "PAKET_GANDA_KIRIMAN", file=p.name, other=others, kode=kode, period=period
                )
                out[p] = Refused(p.name, e.code, e.message, kode_wilayah=kode, period=period)
    return out


def _refuse(path: Path, e: UserError, meta: dict[str, str] | None = None) -> Refused:
    """A refusal of ``path`` with the error's code and sentence, and what its Manifest claimed."""
    m = meta or {}
    return Refused(
        path.name,
        e.code,
        e.message,
        kode_wilayah=m.get("kode", ""),
        village=m.get("desa", ""),
        period=m.get("period", ""),
        fingerprint=m.get("fingerprint", ""),
    )


def _made_at(text: str) -> dt.datetime | None:
    try:
        made = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return made if made.tzinfo is not None else made.astimezone()


def _schema_newer(version: str) -> bool:
    return version.isdigit() and SCHEMA_HEAD.isdigit() and int(version) > int(SCHEMA_HEAD)


def receive_package(
    work: Work,
    path: Path,
    *,
    register_new_key: bool = False,
    reregister_reason: str = "",
    opened: OpenedPackage | None = None,
) -> Received | Refused:
    """Check one package whole and take it in, or refuse it with the reason (nothing written).

    ``register_new_key``: a village's first signed package registers its key (the person has
    compared the fingerprint). ``reregister_reason``: a package signed with a key other than the
    registered one replaces that key, for this reason (audited). ``opened``: the file already
    read and verified (``package_open.open_package``, before the job), else read here."""
    from jkn_desktop.services.usulan.package_verify import parse_time

    work.require(perm.IMPORT)
    kec = require_kecamatan(work)
    path = Path(path)
    o = opened if opened is not None else open_package(path, work.now)
    if o.refusal is not None:
        return _refuse(path, o.refusal)
    book, v = o.book, o.v
    assert book is not None and v is not None  # noqa: PT018 (read whenever not refused)
    kode, period, desa = v.kode_wilayah, v.period, v.desa
    fields = {"kode": kode, "desa": desa, "period": period}
    if not v.ok and v.future and len(v.problems) == 1:  # intact, made "later" than our clock
        made_text = waktu(parse_time(v.created_at) or work.now)
        e = UserError(
            "PAKET_MASA_DEPAN",
            file=path.name,
            desa=desa,
            period=period,
            made=made_text,
            now=waktu(work.now),
        )
        return _refuse(path, e, fields)
    if not v.ok:
        e = UserError(
            "PAKET_DIUBAH", file=path.name, desa=desa, period=period, problems=" ".join(v.problems)
        )
        return _refuse(path, e, fields)
    if not kode.startswith(kec.kode_wilayah + "."):
        label, own = kec.label, kec.kode_wilayah
        if kec.is_kabupaten:
            e = UserError(
                "PAKET_KABUPATEN_LAIN",
                file=path.name,
                desa=desa,
                kode=kode,
                kecamatan=label,
                kode_kec=own,
            )
        else:
            e = UserError(
                "PAKET_KECAMATAN_LAIN",
                file=path.name,
                desa=desa,
                kode=kode,
                kecamatan=label,
                kode_kec=own,
            )
        return _refuse(path, e, fields)
    if not work.scope.contains(kode):  # a staff member of another kecamatan (decision 48)
        e = UserError("PAKET_DI_LUAR_WILAYAH", file=path.name, desa=desa, area=work.scope.kode)
        return _refuse(path, e, fields)
    known = work.conn.execute(select(V.c.name).where(V.c.kode_wilayah == kode)).scalar()
    if known is None:
        e = UserError("PAKET_DESA_TIDAK_TERDAFTAR", file=path.name, desa=desa, kode=kode)
        return _refuse(path, e, fields)
    info = {str(r[0]).strip(): r[1] for r in book.rows("Manifest")[1:] if len(r) >= 2 and r[0]}
    schema = str(info.get("versi_skema", "")).strip()
    if _schema_newer(schema):
        app = str(info.get("aplikasi", ""))
        e = UserError("PAKET_SKEMA_BARU", file=path.name, desa=desa, period=period, app=app)
        return _refuse(path, e, fields)
    made = _made_at(v.created_at)
    m = _PERIOD.match(period)
    if m is None or made is None or (int(m[1]), int(m[2])) > (work.today.year, work.today.month):
        e = UserError("PAKET_PERIODE", file=path.name, desa=desa, period=period)
        return _refuse(path, e, fields)

    refusal = _check_key(work, path, v, fields, register_new_key, reregister_reason)
    if refusal is not None:
        return refusal
    sha = str(info.get("sha256", "")).strip()
    if work.conn.execute(
        select(P.c.id).where(P.c.kode_wilayah == kode, P.c.period == period, P.c.sha256 == sha)
    ).first():
        return Received(
            kode,
            desa,
            period,
            0,
            False,
            path.name,
            signed=v.signed,
            fingerprint=v.fingerprint,
            already=True,
        )
    if o.bad_cell is not None:
        bad = o.bad_cell
        e = UserError(
            "PAKET_SEL",
            file=path.name,
            desa=desa,
            period=period,
            sheet=bad.sheet,
            row=bad.row,
            column=bad.column,
            value=str(bad.value)[:40],
        )
        return _refuse(path, e, fields)
    if o.unreadable:
        return _refuse(path, UserError("PAKET_BUKAN", file=path.name, problem=o.unreadable))
    sheets, summary, differences = o.sheets, o.summary, o.differences
    if differences:  # the village program's figures and its rows disagree: trust neither
        e = UserError(
            "PAKET_RINGKASAN",
            file=path.name,
            desa=desa,
            period=period,
            differences=", ".join(differences),
        )
        return _refuse(path, e, fields)
    return _take_in(work, path, v, info, made, sha, sheets, summary)


def _check_key(
    work: Work, path: Path, v: Any, fields: dict[str, str], register_new: bool, reason: str
) -> Refused | None:
    """The package's signature against the village's registered key."""
    kode = fields["kode"]
    current = registered_key(work, kode)
    if not v.signed:
        if current is not None:
            e = UserError(
                "PAKET_TANPA_TANDA_TANGAN",
                file=path.name,
                desa=fields["desa"],
                registered=current.fingerprint,
            )
            return _refuse(path, e, fields)
        return None  # an older village program: taken in, marked "tanpa tanda tangan"
    if current is None:
        if not register_new:
            e = UserError(
                "PAKET_KUNCI_BARU", file=path.name, desa=fields["desa"], fingerprint=v.fingerprint
            )
            return _refuse(path, e, {**fields, "fingerprint": v.fingerprint})
        register_key(work, kode, v.public_key, v.fingerprint)
        return None
    if current.public_key == v.public_key:
        return None
    if reason.strip():
        register_key(work, kode, v.public_key, v.fingerprint, reason=reason)
        return None
    e = UserError(
        "PAKET_KUNCI_LAIN",
        file=path.name,
        desa=fields["desa"],
        fingerprint=v.fingerprint,
        registered=current.fingerprint,
    )
    return _refuse(path, e, {**fields, "fingerprint": v.fingerprint})


def _residents(sheets: dict[str, Any]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Penduduk joined with Kepesertaan by NIK (one current state per resident)."""
    people, members = sheets["Penduduk"], sheets["Kepesertaan"]
    state = {row[0]: row[1:] for row in members.rows}
    blank = (None, None, "", None, None, "")
    cols = list(people.columns) + list(members.columns[1:])
    return cols, [row + tuple(state.get(row[1], blank)) for row in people.rows]


def _take_in(
    work: Work,
    path: Path,
    v: Any,
    info: dict[str, Any],
    made: dt.datetime,
    sha: str,
    sheets: dict[str, Any],
    summary: dict[str, int],
) -> Received:
    conn = work.conn
    content = path.read_bytes()  # kept as it arrived: forwarded upward with its signature
    kode, period = v.kode_wilayah, v.period
    current = conn.execute(
        select(P.c.id, P.c.made_at).where(
            P.c.kode_wilayah == kode, P.c.period == period, P.c.state == CURRENT
        )
    ).first()
    newer = current is None or made > current[1]
    current_id = None if current is None else int(current[0])
    counts = dict(v.rows)
    total = sum(counts.values())
    inserted = conn.execute(
        P.insert().values(
            kode_wilayah=kode,
            period=period,
            made_at=made,
            received_at=work.now,
            received_by=work.actor.username,
            file_name=path.name,
            sha256=sha,
            format_version=v.format_version,
            schema_version=str(info.get("versi_skema", "")),
            app=str(info.get("aplikasi", "")),
            operator=str(info.get("operator", "")),
            signed=v.signed,
            fingerprint=v.fingerprint,
            rows=total,
            counts=json.dumps(counts, ensure_ascii=False),
            summary=json.dumps(summary, ensure_ascii=False),
            state=CURRENT if newer else REPLACED,
            replaced_by=None if newer else current_id,
            returned_by="",
            returned_note="",
        )
    ).inserted_primary_key
    assert inserted is not None
    package_id = int(inserted[0])
    if current_id is not None and newer:
        conn.execute(
            P.update().where(P.c.id == current_id).values(state=REPLACED, replaced_by=package_id)
        )
    _insert_rows(work, package_id, sheets)
    index_words(conn, package_id)  # the person search's words (services.kecamatan.people)
    conn.execute(kec_package_file_t.insert().values(package_id=package_id, content=content))
    before = conn.execute(
        select(P.c.id).where(
            P.c.kode_wilayah == kode, P.c.period == previous_period(period), P.c.state == CURRENT
        )
    ).scalar()
    store_figures(work, package_id, None if before is None else int(before))
    audit.note(
        work,
        action="receive",
        entity="kec_package",
        entity_id=package_id,
        entity_key=f"{kode} {period}",
        changes={"file": (None, path.name), "rows": (None, total)},
        reason=""
        if newer
        else "paket lebih lama dari yang sudah diterima: disimpan sebagai diganti",
    )
    return Received(
        kode,
        v.desa,
        period,
        total,
        replaced=current is not None and newer,
        file=path.name,
        package_id=package_id,
        signed=v.signed,
        fingerprint=v.fingerprint,
        superseded=not newer,
    )


def _insert_rows(work: Work, package_id: int, sheets: dict[str, Any]) -> None:
    """Each sheet's rows into its table, a column at a time (the package's id the first)."""
    conn = work.conn

    def put(table: Any, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        if rows:
            values = [[package_id] * len(rows), *zip(*rows, strict=True)]
            insert_columns(conn, table, ["package_id", *columns], values)

    h = sheets["Keluarga"]
    put(kec_household_t, h.columns, h.rows)
    cols, residents = _residents(sheets)
    put(kec_resident_t, cols, residents)
    for sheet, table in (
        ("Usulan", kec_proposal_t),
        ("APBDes_Baris", kec_apbdes_line_t),
        ("APBDes_Penerima", kec_apbdes_beneficiary_t),
        ("Pelayanan", kec_office_figure_t),
    ):
        put(table, sheets[sheet].columns, sheets[sheet].rows)


def made_label(made: dt.datetime) -> str:
    """ "3 November 2026 pukul 09.15": a package's creation time as people read it."""
    return f"{tanggal(made.date())} pukul {made:%H.%M}"
