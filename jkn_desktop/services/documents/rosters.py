"""Printed rosters: "Daftar Peserta PBI JK Desa … Bulan …" and the list of households with uninsured
members, grouped by household in SHDK order, with NIK masking for lists posted publicly.

The rows are read in one ordered query and streamed into the PDF (reports.pdf.StreamTable): at
100,000 rows nothing but the group sizes is held in memory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape, portrait
from sqlalchemy import Connection, case, func, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.apbdes import parse_period
from jkn_desktop.domain.formatting import BULAN, age_on, angka, tanggal, tanggal_pendek
from jkn_desktop.domain.nik import mask_nik
from jkn_desktop.domain.wilayah import VillageWords
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.current_state import states_at
from jkn_desktop.persistence.fastread import id_in, stream_rows
from jkn_desktop.persistence.tables import household_t, jkn_current_t, membership_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.documents import RosterOptions, RosterResult
from jkn_desktop.records.membership import CurrentState
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.reports import letterhead as kop
from jkn_desktop.reports.pdf import (
    MARGIN,
    Column,
    Document,
    Row,
    StreamTable,
    Text,
    printed_on,
    render,
    width_of,
)
from jkn_desktop.services import audit
from jkn_desktop.services.membership.rules import people_from, rule_columns
from jkn_desktop.services.registry.village import get_village
from jkn_desktop.services.settings import get_setting, logo

R, H, M, C = resident_t, household_t, membership_t, jkn_current_t
KINDS = {
    "pbi": "Daftar peserta PBI JK",
    "belum": "Daftar keluarga dengan anggota belum terlindungi JKN",
    "semua": "Daftar penduduk dan kepesertaan JKN",
    "usulan": "Daftar usulan perubahan data PBI JK",
}
PUBLIC_BY_DEFAULT = {"pbi": True, "belum": True, "semua": False, "usulan": False}  # posted: masked


def require_village(work: Work) -> VillageInfo:
    """The village's identity, which every printout and workbook carries; refused without it."""
    village = get_village(work)
    if village is None:
        from jkn_desktop.services.kecamatan.identity import KABUPATEN, KECAMATAN, database_kind

        if database_kind(work) in (KECAMATAN, KABUPATEN):
            raise UserError("KEC_BUKAN_DESA")
        raise UserError("NO_VILLAGE")
    return village


def period_end(period: str) -> dt.date:
    year, month = parse_period(period)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def period_label(period: str) -> str:
    year, month = parse_period(period)
    return f"{BULAN[month - 1]} {year}"


def check_month(period: str, today: dt.date) -> dt.date:
    """The last day of a month that has begun (today, for the current month); a clear message
    for a malformed or future month."""
    try:
        end = period_end(period)
    except ValueError as exc:
        raise UserError("PERIODE", month=period) from exc
    if end.replace(day=1) > today:
        raise UserError("PERIOD_FUTURE", month=period_label(period))
    return min(end, today)


def pbi_statement(work: Work, on: dt.date, states: dict[int, CurrentState] | None = None) -> Any:
    """Residents who were PBI participants (APBN or Pemda) and active at the end of the day ``on``,
    alive then, as the rule (``J.decide``) over the observations known by then decides
    (``states``: those decisions, already made — e.g. for some residents only)."""
    conn = work.conn
    dialect = conn.dialect.name
    held = [
        st.membership_id
        for st in (states_at(conn, on) if states is None else states).values()
        if st.segment in J.PBI_SEGMENTS and st.status == J.AKTIF
    ]
    alive = (R.c.status_dasar == codes.HIDUP) | (R.c.status_changed_at > on)
    return (
        select(
            H.c.id,
            H.c.no_kk,
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            H.c.address,
            R.c.nik,
            R.c.name,
            R.c.sex,
            R.c.birth_date,
            R.c.shdk,
            M.c.card_no,
            M.c.segment,
            M.c.kelas,
            R.c.birth_place,
            H.c.desil,
        )
        .select_from(M.join(R, R.c.id == M.c.resident_id).outerjoin(H, H.c.id == R.c.household_id))
        .where(id_in(dialect, M.c.id, sorted(held)), alive)
        .order_by(
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            H.c.no_kk,
            func.coalesce(R.c.shdk, 99),
            R.c.birth_date,
            R.c.id,
        )
    )


def _uninsured_rows(everyone: bool = False) -> Any:
    """Every living member of the households that have at least one uninsured living member
    (``everyone``: of every household, for checking the registry RT by RT)."""
    rc = rule_columns()
    hh = select(R.c.household_id).select_from(people_from())
    hh = (hh if everyone else hh.where(rc.uninsured)).distinct()
    return (
        select(
            H.c.id,
            H.c.no_kk,
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            H.c.address,
            R.c.nik,
            R.c.name,
            R.c.sex,
            R.c.birth_date,
            R.c.shdk,
            C.c.card_no,
            rc.segment,
            rc.status,
            rc.uninsured,
            rc.reason,
            rc.step,
            H.c.desil,
        )
        .select_from(people_from())
        .where(R.c.status_dasar == codes.HIDUP, R.c.household_id.in_(hh))
        .order_by(
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            H.c.no_kk,
            func.coalesce(R.c.shdk, 99),
            R.c.birth_date,
            R.c.id,
        )
    )


def _usulan_rows(period: str) -> Any:
    """The month's proposals grouped by kind (in the order of the regulation)."""
    from jkn_desktop.domain import usulan as U
    from jkn_desktop.persistence.tables import usulan_t as T

    order = case(*[(T.c.kind == k, i) for i, k in enumerate(U.KINDS)], else_=99)
    return (
        select(
            T.c.kind,
            T.c.no_kk,
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            H.c.address,
            T.c.nik,
            T.c.name,
            T.c.reason,
            T.c.status,
            T.c.notes,
            T.c.replaces_nik,
            T.c.replaces_name,
            T.c.replaces_reason,
            T.c.track,
        )
        .select_from(
            T.outerjoin(R, R.c.id == T.c.resident_id).outerjoin(H, H.c.id == R.c.household_id)
        )
        .where(T.c.period == period)
        .order_by(order, H.c.dusun, H.c.rw, H.c.rt, T.c.no_kk, T.c.name, T.c.id)
    )


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def roster_statement(work: Work, opts: RosterOptions) -> Any:
    """The ordered query a roster draws as of the job's day (household first, NIK in the seventh
    column; the uninsured lists say in the fifteenth whether the person is uninsured)."""
    if opts.kind not in KINDS:
        raise UserError("JENIS_DAFTAR")
    on = check_month(opts.period, work.today)
    if opts.kind == "pbi":
        return pbi_statement(work, on)
    if opts.kind == "usulan":
        return _usulan_rows(opts.period)
    return _uninsured_rows(everyone=opts.kind == "semua")


def _group_sizes(conn: Connection, stmt: Any) -> list[int]:
    """The number of rows under each group (the first column) of an ordered query."""
    sizes: list[int] = []
    last: object = object()
    for r in stream_rows(conn, stmt):
        if r[0] != last:
            sizes.append(0)
            last = r[0]
        sizes[-1] += 1
    return sizes


def build_roster(work: Work, opts: RosterOptions) -> tuple[Document, int, int]:
    """The document as of the job's day, the number of people and of households. Its rows are
    read from the job's connection while the pages are drawn: draw them inside the job."""
    today = work.today
    village = require_village(work)
    if opts.kind not in KINDS:
        raise UserError("JENIS_DAFTAR")
    stmt = roster_statement(work, opts)
    on = check_month(opts.period, today)
    # two passes over one ordered query: the group sizes plan the pages, then the rows are drawn
    # as they come (nothing but the sizes is held, whatever the village's size)
    sizes = _group_sizes(work.conn, stmt)
    people = sum(sizes)
    columns, rows = _layout(opts, stream_rows(work.conn, stmt), on, village.words)
    blocks: list[Any] = [Text(t, 11, True, "center") for t in _titles(opts, village)]
    blocks.append(Text(_subtitle(opts, on, people, len(sizes)), 8.5, False, "center", 2))
    if opts.mask_nik:
        blocks.append(
            Text(
                f"NIK disamarkan untuk pengumuman: hanya {opts.keep} angka pertama (wilayah penerbitan) "
                "yang tampil; No. KK disamarkan juga, umur ditulis tanpa tanggal lahir.",
                7.5,
                False,
                "center",
                1,
            )
        )
    blocks.append(StreamTable(columns, sizes, rows, size=_table_size(opts)))
    blocks.append(kop.signatures(village, today))
    title = " ".join(_titles(opts, village))
    footer = f"{KINDS[opts.kind]} {village.full_name}, {period_label(opts.period)}"
    doc = Document(
        kop.letterhead(village, logo=logo(work)),
        blocks,
        landscape=not opts.portrait,
        footer_left=f"{printed_on(today)} · {footer}",
        metadata={"title": title},
    )
    return doc, people, len(sizes)


def _titles(opts: RosterOptions, v: VillageInfo) -> list[str]:
    return [
        KINDS[opts.kind].upper(),
        f"{v.full_name.upper()} KECAMATAN {v.kecamatan.upper()}",
        f"BULAN {period_label(opts.period).upper()}",
    ]


def _subtitle(opts: RosterOptions, on: dt.date, people: int, households: int) -> str:
    what = {"pbi": "peserta aktif", "belum": "anggota keluarga", "usulan": "usulan"}.get(
        opts.kind, "penduduk hidup"
    )
    if opts.kind == "usulan":
        return f"Dibuat {tanggal(on)}: {angka(people)} usulan dalam {angka(households)} jenis"
    return f"Keadaan per {tanggal(on)}: {angka(people)} {what} dalam {angka(households)} KK"


def _table_size(opts: RosterOptions) -> float:
    return 6.5 if opts.portrait else 7.5


def _layout(
    opts: RosterOptions, data: Iterator[tuple[Any, ...]], on: dt.date, words: VillageWords
) -> tuple[list[Column], Iterator[Row]]:
    masked, keep = opts.mask_nik, opts.keep
    if opts.kind == "usulan":
        return _usulan_layout(opts, data, words)
    born_header = "Umur" if masked else "Tanggal lahir"
    cols = [
        Column("No", 3.2, "right"),
        Column("NIK", 11),
        Column("Nama", 17),
        Column("L/P", 2.6, "center"),
        Column(born_header, (7 if opts.portrait else 6) if not masked else 4, "center"),
        Column("Hubungan", 8),
    ]
    if opts.kind == "pbi":
        cols += [Column("Segmen", 7)] + ([] if masked else [Column("No. kartu JKN", 9)])
    else:
        cols += [Column("Kepesertaan JKN", 12), Column("Langkah berikutnya", 18)]

    def born(value: Any) -> str:
        d = _date(value)
        if d is None:
            return ""
        return str(age_on(d, on)) if masked else tanggal_pendek(d)

    def kk(no_kk: str | None) -> str:
        if not no_kk:
            return "tanpa KK"
        return mask_nik(no_kk, keep) if masked else no_kk

    def rows() -> Iterator[Row]:
        last: object = object()
        for number, r in enumerate(data, 1):
            hid, no_kk, dusun, rw, rt, address = r[0], r[1], r[2], r[3], r[4], r[5]
            if hid != last:
                last = hid
                parts = [address or "", f"RT {rt}/RW {rw}" if rt or rw else ""]
                if dusun and dusun.lower() not in (address or "").lower():
                    parts.append(f"Dusun {dusun}")
                place = ", ".join(x for x in parts if x)
                yield Row(
                    [f"No. KK {kk(no_kk)}" + (f" — {place}" if place else "")],
                    bold=True,
                    shade=True,
                    span=True,
                )
            nik, name, sex, birth, shdk = r[6], r[7], r[8], r[9], r[10]
            base = [
                str(number),
                mask_nik(nik, keep) if masked else nik,
                name,
                sex,
                born(birth),
                codes.shdk().label(shdk).title() if shdk else "",
            ]
            if opts.kind == "pbi":
                seg = J.SEGMENT_SHORT.get(r[12], r[12])
                base += [seg] + ([] if masked else [r[11] or ""])
            else:
                seg, uninsured, reason, step = r[12], r[14], r[15], r[16]
                jkn = (
                    J.REASONS.get(reason or "", "Belum terlindungi")
                    if uninsured
                    else f"{J.SEGMENT_SHORT.get(seg, seg)} aktif"
                )
                base += [jkn, J.STEPS.get(step or "", "") if uninsured else ""]
            yield Row(base)

    return cols, rows()


def _usulan_layout(
    opts: RosterOptions, data: Iterator[tuple[Any, ...]], words: VillageWords
) -> tuple[list[Column], Iterator[Row]]:
    from jkn_desktop.domain import usulan as U

    masked, keep = opts.mask_nik, opts.keep
    # the status column as wide as its longest label ("Disetujui Musyawarah Kelurahan" is long),
    # taken from the reasons, which are shortened anyway; identifiers keep their room
    shares = {
        "No": 3.2,
        "NIK": 11.0,
        "Nama": 16.0,
        "No. KK": 11.0,
        "Dusun / RT / RW": 11.0,
        "Alasan / keterangan": 20.0,
        "Status": 9.5,
    }
    size = _table_size(opts)
    page = (portrait(A4) if opts.portrait else landscape(A4))[0] - 2 * MARGIN
    need = max(width_of(words.status_label(s), size) for s in U.STATUSES) + 4
    wider = max(0.0, need / page * sum(shares.values()) - shares["Status"])
    shares["Status"] += wider
    shares["Alasan / keterangan"] -= wider
    cols = [Column(h, w, "right" if h == "No" else "left") for h, w in shares.items()]

    def ident(value: str) -> str:
        return mask_nik(value, keep) if masked and value else value

    def rows() -> Iterator[Row]:
        last: object = object()
        for number, r in enumerate(data, 1):
            kind, no_kk, dusun, rw, rt, _address, nik, name, reason, status, notes = r[:11]
            if kind != last:
                last = kind
                yield Row([U.KINDS.get(kind, kind)], bold=True, shade=True, span=True)
            why = U.reason_label(kind, reason)
            if kind == U.PENGGANTIAN and r[11]:
                why = (
                    f"menggantikan {r[12]} ({ident(r[11])}, {U.reason_label(U.PENGHAPUSAN, r[13])})"
                )
            text = "; ".join(x for x in (U.TRACK_SHORT.get(r[14], r[14]), why, notes) if x)
            area = " / ".join(x for x in (dusun, rt, rw) if x)
            yield Row(
                [
                    str(number),
                    ident(nik),
                    name,
                    ident(no_kk or ""),
                    area,
                    text,
                    words.status_label(status),
                ]
            )

    return cols, rows()


def write_roster(
    work: Work,
    opts: RosterOptions,
    out: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> RosterResult:
    work.require(perm.EXPORT_MASKED if opts.mask_nik else perm.EXPORT)
    if out.suffix.lower() != ".pdf":
        raise UserError("JENIS_BERKAS", what="Daftar cetak", allowed=".pdf", file=out.name)
    doc, people, households = build_roster(work, opts)
    pages = render(doc, out, progress=progress)
    audit.exported(
        work,
        document=KINDS[opts.kind],
        subject=opts.period,
        rows=people,
        masked=opts.mask_nik,
        target=out,
    )
    return RosterResult(out, pages, people, households)


def default_options(work: Work, kind: str, period: str, **overrides: Any) -> RosterOptions:
    """Masking on for lists meant for posting; the number of digits kept is the setting."""
    keep = int(get_setting(work, "nik_mask_keep"))
    return RosterOptions(
        kind=kind,
        period=period,
        mask_nik=PUBLIC_BY_DEFAULT.get(kind, False),
        keep=keep,
        **overrides,
    )
