"""The SKTM register: the Surat Keterangan Tidak Mampu the village issued, numbered, dated, for a
purpose, valid until a day, signed by the Kepala Desa (Lurah); cancelled with a reason, never
edited (a printed letter's number and person do not change: a correction is a new number).

Numbers: the village types its own, or takes the suggestion of :func:`next_number`:
``<prefix>/<seq>/<month in Roman numerals>/<year>``, e.g. ``400.12/012/XII/2026``, the sequence
counted per year over the register (cancelled numbers stay used), the prefix that of the latest
number in that shape (``400.12`` while the register has none).

The APBDes premiums are for poor residents not covered by the government because the village
issued them an SKTM (Inbup Karanganyar 440/3/2022 KESEPULUH b, KETUJUH BELAS c).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    and_,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from jkn_desktop.domain import codes
from jkn_desktop.domain import office as O
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.domain.wilayah import DESA_WORDS
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import chunks, insert_id
from jkn_desktop.persistence.tables import household_t, resident_t, sktm_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import OFFICE
from jkn_desktop.records.membership import JknFilter
from jkn_desktop.records.sktm import SktmDefaults, SktmInput, SktmMonth, SktmPick
from jkn_desktop.services import audit
from jkn_desktop.services.membership.kepesertaan import fetch_rows, query_ids
from jkn_desktop.services.office.sktm_lists import (
    month_bounds,
    rate_on,
    uninsured_on,
    valid_on,
)
from jkn_desktop.services.registry.village import get_village
from jkn_desktop.services.settings import get_setting

T = sktm_t
R = resident_t
H = household_t

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
DEFAULT_PREFIX = "400.12"
_NUMBER = re.compile(r"^(?P<prefix>.+)/(?P<seq>\d+)/(?P<month>[IVX]+)/(?P<year>\d{4})$")


# --- numbers -----------------------------------------------------------------------------------
def tidy_number(text: str) -> str:
    """``" 400.12 / 7 /XII/ 2026 "`` → ``400.12/7/XII/2026``: spaces around the slashes go."""
    return re.sub(r"\s*/\s*", "/", " ".join(text.split()))


def next_number(work: Work, on: dt.date | None = None) -> str:
    """The suggested number of an SKTM dated ``on`` (today): the year's next sequence number."""
    day = on or work.today
    year = str(day.year)
    latest = select(T.c.number).order_by(T.c.id.desc())
    shaped = (_NUMBER.match(n) for n in work.conn.execute(latest.limit(50)).scalars())
    prefix = next((m["prefix"] for m in shaped if m), DEFAULT_PREFIX)
    of_year = work.conn.execute(latest.where(T.c.number.like(f"%/{year}"))).scalars()
    this_year = [m for m in (_NUMBER.match(n) for n in of_year) if m]
    seq = max((int(m["seq"]) for m in this_year), default=0) + 1
    width = max(3, len(this_year[0]["seq"])) if this_year else 3
    return f"{prefix}/{seq:0{width}d}/{ROMAN[day.month - 1]}/{year}"


# --- purposes ----------------------------------------------------------------------------------
def purpose_key(text: str) -> str:
    """A purpose by its key (``iuran_jkn``, ``iuran-jkn``) or by a word of its label
    (``jkn``, ``sekolah``, ``rumah``); a clear message when none or several fit."""
    wanted = text.strip().lower().replace("-", "_")
    if wanted in O.SKTM_PURPOSES:
        return wanted
    fits = [
        key
        for key, label in O.SKTM_PURPOSES.items()
        if wanted and wanted in re.findall(r"\w+", label.lower())
    ]
    if len(fits) == 1:
        return fits[0]
    if fits:
        named = [f"{k} ({O.SKTM_PURPOSES[k]})" for k in fits]
        raise UserError("SKTM_KEPERLUAN.ganda", purpose=text, choices=" atau ".join(named))
    raise UserError("SKTM_KEPERLUAN", purpose=text, choices=", ".join(O.SKTM_PURPOSES))


# --- issuing -----------------------------------------------------------------------------------
def issue_defaults(work: Work, on: dt.date | None = None) -> SktmDefaults:
    """The issue dialog's starting values: the next number, the validity and the signer."""
    village = get_village(work)
    words = village.words if village else DESA_WORDS
    signer = village.kepala_desa if village else ""
    if not signer:  # no name in the identity: whoever signed the latest letter as the head
        signer = (
            work.conn.execute(
                select(T.c.signer_name)
                .where(T.c.signer_title == words.head)
                .order_by(T.c.id.desc())
                .limit(1)
            ).scalar()
            or ""
        )
    return SktmDefaults(
        next_number(work, on), int(get_setting(work, "sktm_valid_months")), signer, words.head
    )


def find_residents(work: Work, text: str, limit: int = 10) -> list[SktmPick]:
    """Living residents by NIK, No. KK or name (the issue dialog's search), each with the number
    of an SKTM they hold that is valid today."""
    if len(text.strip()) < 3:
        return []
    ids = query_ids(work, JknFilter(search=text, living_only=True), sort="name")[:limit]
    people = fetch_rows(work, ids)
    held = dict(
        work.conn.execute(
            select(T.c.resident_id, T.c.number).where(
                T.c.resident_id.in_(ids), valid_on(work.today)
            )
        ).all()
    )
    return [SktmPick(p, held.get(p.id, "")) for p in people]


def _holder_id(work: Work, inp: SktmInput, village_name: str) -> int:
    if inp.resident_id is not None:
        return inp.resident_id
    nik = clean_identifier(inp.nik)
    if not nik:
        raise UserError("SKTM_PENDUDUK")
    rid = work.conn.execute(select(R.c.id).where(R.c.nik == nik)).scalar()
    if rid is None:
        raise UserError("SKTM_PENDUDUK.nik", nik=nik, village=village_name)
    return int(rid)


def _address(rt: str | None, rw: str | None, dusun: str | None, address: str | None) -> str:
    """The household's address as the letter prints it: "Dusun Krajan, RT 005/RW 001"."""
    parts = [address or "", f"RT {rt or '-'}/RW {rw or '-'}" if rt or rw else ""]
    if dusun and dusun.lower() not in (address or "").lower():
        parts.append(f"Dusun {dusun}")
    return ", ".join(p for p in parts if p)


def _person(work: Work, rid: int, place: str) -> RowMapping:
    """The holder as the letter prints them; one who died or moved is refused, by status."""
    person = (
        work.conn.execute(
            select(
                R.c.id,
                R.c.nik,
                R.c.name,
                R.c.status_dasar,
                R.c.status_changed_at,
                H.c.no_kk,
                H.c.address,
                H.c.rt,
                H.c.rw,
                H.c.dusun,
            )
            .outerjoin(H, H.c.id == R.c.household_id)
            .where(R.c.id == rid)
        )
        .mappings()
        .first()
    )
    if person is None:
        raise UserError("SKTM_PENDUDUK.hilang")
    if person["status_dasar"] != codes.HIDUP:
        since = person["status_changed_at"]
        raise UserError(
            "SKTM_TIDAK_HIDUP",
            name=person["name"],
            status=codes.STATUS_DASAR.get(person["status_dasar"], "tidak hidup").lower(),
            since=f" sejak {tanggal(since)}" if since else "",
            village=place,
        )
    return person


def add_sktm(work: Work, inp: SktmInput) -> int:
    """Record a new SKTM (checked first, so nothing is half-written); returns its id."""
    work.require(perm.OFFICE)
    village = get_village(work)
    words = village.words if village else DESA_WORDS
    place = village.full_name if village else words.lower
    person = _person(work, _holder_id(work, inp, place), place)
    purpose = purpose_key(inp.purpose)
    issued = inp.issued_on or work.today
    if issued > work.today:
        raise UserError("SKTM_TANGGAL_DEPAN", date=tanggal(issued), today=tanggal(work.today))
    months = int(get_setting(work, "sktm_valid_months"))
    until = inp.valid_until or O.add_months(issued, months)
    if until < issued:
        raise UserError("SKTM_BERLAKU", until=tanggal(until), date=tanggal(issued))
    signer = inp.signer_name.strip() or (village.kepala_desa if village else "")
    if not signer:
        raise UserError("SKTM_PENANDATANGAN", head=words.head, unit=words.lower)
    number = tidy_number(inp.number) or next_number(work, issued)
    _refuse_used(work.conn, number)
    values = {
        "number": number,
        "issued_on": issued,
        "valid_until": until,
        "purpose": purpose,
        "purpose_note": inp.purpose_note.strip(),
        "resident_id": person["id"],
        "nik": person["nik"],
        "name": person["name"],
        "no_kk": person["no_kk"] or "",
        "address": _address(person["rt"], person["rw"], person["dusun"], person["address"]),
        "signer_name": signer,
        "signer_title": inp.signer_title.strip() or words.head,
        "notes": inp.notes.strip(),
    }
    try:
        sid = insert_id(work.conn, insert(T).values(**values, actor=work.user, created_at=work.now))
    except IntegrityError as exc:  # the same number saved by another job a moment ago
        raise UserError("SKTM_NOMOR_GANDA.baru", number=number) from exc
    changes = {k: (None, v) for k, v in values.items() if k not in ("nik", "no_kk", "address")}
    audit.note(
        work, action="create", entity="sktm", entity_id=sid, entity_key=number, changes=changes
    )
    work.touch(OFFICE, sid)
    return sid


def _refuse_used(conn: Connection, number: str) -> None:
    if not re.search(r"\w", number):
        raise UserError("SKTM_NOMOR")
    used = (
        conn.execute(
            select(T.c.name, T.c.issued_on).where(func.upper(T.c.number) == number.upper())
        )
        .mappings()
        .first()
    )
    if used is not None:
        raise UserError(
            "SKTM_NOMOR_GANDA", number=number, name=used["name"], date=tanggal(used["issued_on"])
        )


def cancel_sktm(work: Work, sktm_id: int, reason: str) -> None:
    """Cancel an SKTM from today (a wrong person, a wrong purpose, the family is no longer poor);
    the number stays used. A replacement is a new SKTM with a new number."""
    work.require(perm.OFFICE)
    why = reason.strip()
    if not why:
        raise UserError("SKTM_BATAL_ALASAN")
    conn = work.conn
    old = conn.execute(select(T).where(T.c.id == sktm_id)).mappings().first()
    if old is None:
        raise UserError("SKTM_HILANG", id=sktm_id)
    if old["cancelled_on"] is not None:
        raise UserError("SKTM_SUDAH_BATAL", number=old["number"], date=tanggal(old["cancelled_on"]))
    conn.execute(
        update(T).where(T.c.id == sktm_id).values(cancelled_on=work.today, cancel_reason=why)
    )
    audit.note(
        work,
        action="cancel",
        entity="sktm",
        entity_id=sktm_id,
        entity_key=old["number"],
        changes={"cancelled_on": (None, work.today), "cancel_reason": ("", why)},
        reason=why,
    )
    work.touch(OFFICE, sktm_id)


# --- who holds one -----------------------------------------------------------------------------
def valid_sktm_ids(
    conn_or_work: Connection | Work,
    resident_ids: Iterable[int],
    day: dt.date,
    *,
    household: bool = True,
) -> set[int]:
    """The residents among ``resident_ids`` who hold an SKTM valid on ``day``; with ``household``
    also those whose KK holds one (an SKTM certifies the family: "termasuk keluarga tidak
    mampu"), so a child counts under the letter issued to the father."""
    conn = conn_or_work.conn if isinstance(conn_or_work, Work) else conn_or_work
    holder = R.alias("holder")
    own = T.c.resident_id == R.c.id
    family = and_(R.c.household_id.is_not(None), holder.c.household_id == R.c.household_id)
    has = exists(
        select(T.c.id)
        .join(holder, holder.c.id == T.c.resident_id)
        .where(valid_on(day), or_(own, family) if household else own)
    )
    out: set[int] = set()
    for part in chunks(sorted(set(resident_ids))):
        out.update(conn.execute(select(R.c.id).where(R.c.id.in_(part), has)).scalars())
    return out


# --- the month's counts ------------------------------------------------------------------------
def month_counts(work: Work, period: str) -> SktmMonth:
    """Issued and cancelled during the month, valid on its last day, ending within it, and the
    valid holders still uninsured then with what covering them would cost per month (the
    PBPU/BP Pemda class 3 rate in force in that month)."""
    first, last = month_bounds(period)
    conn = work.conn

    def count(*where: ColumnElement[bool]) -> int:
        return int(conn.execute(select(func.count()).select_from(T).where(*where)).scalar_one())

    expiring = count(
        T.c.valid_until.between(first, last),
        or_(T.c.cancelled_on.is_(None), T.c.cancelled_on > last),
    )
    holders = uninsured_on(work, last)
    return SktmMonth(
        period=f"{first.year}-{first.month:02d}",
        issued=count(T.c.issued_on.between(first, last)),
        cancelled=count(T.c.cancelled_on.between(first, last)),
        valid_at_end=count(valid_on(last)),
        expiring=expiring,
        holders_uninsured=len(holders),
        uninsured_cost_month=len(holders) * rate_on(work, first),
    )
