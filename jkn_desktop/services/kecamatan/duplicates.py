"""People counted twice across the villages of a month (issue 15 item 6), over the month's
CURRENT packages only (``packages.current_packages``), in four kinds (``domain.duplicates``):

- ``nik_sama``: one NIK, living (status dasar HIDUP), in two villages — one candidate per pair
  of villages;
- ``orang_sama``: one person under two NIKs (``duplicate_names``), living residents only;
- ``pbi_ganda``: the same NIK or the same card number on two villages' PBI APBN list, active
  (whatever the status dasar: the double membership is the point);
- ``apbdes_ganda``: one NIK whose premium two villages' APBDes pay in overlapping months of the
  same year.

Each candidate has a ``pair_key`` built from the two (NIK, village code) sides, sorted, so a
person's verdict (``verdicts.set_verdict``) finds it again in later months."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from typing import Any

from sqlalchemy import and_, select

from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.domain.jkn import AKTIF, PBI_APBN
from jkn_desktop.domain.names import match_name
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.tables import (
    kec_apbdes_beneficiary_t,
    kec_apbdes_line_t,
    kec_resident_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_duplicates import (
    DuplicateCandidate,
    DuplicateReport,
    DuplicateSide,
)
from jkn_desktop.services.kecamatan.duplicate_names import name_pairs
from jkn_desktop.services.kecamatan.duplicate_sides import (
    Month,
    living,
    month,
    newer,
    side_of,
    sides_by_id,
)
from jkn_desktop.services.kecamatan.identity import require_kecamatan
from jkn_desktop.services.kecamatan.verdicts import all_verdicts
from jkn_desktop.services.usulan.proposals import check_period

R, B, L = kec_resident_t, kec_apbdes_beneficiary_t, kec_apbdes_line_t
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def find_duplicates(
    work: Work,
    period: str,
    *,
    kinds: Iterable[str] | None = None,
    include_dismissed: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DuplicateReport:
    """The candidates of ``period`` with any verdict given; those judged "bukan orang yang sama"
    are left out (counted in ``hidden``) unless ``include_dismissed``. Reading only: any role."""
    require_kecamatan(work)
    period = check_period(period)
    wanted = set(kinds) if kinds is not None else set(D.KINDS)
    unknown = wanted - set(D.KINDS)
    if unknown:
        raise UserError("GANDA_JENIS", kind=", ".join(sorted(unknown)), kinds=", ".join(D.KINDS))
    m = month(work, period)
    rows = living(work, m)
    found: list[DuplicateCandidate] = []
    steps: list[tuple[str, Callable[[], list[DuplicateCandidate]]]] = [
        (D.NIK_SAMA, lambda: _nik_sama(work, m, rows)),
        (D.ORANG_SAMA, lambda: _orang_sama(work, m, rows)),
        (D.PBI_GANDA, lambda: _pbi_ganda(work, m)),
        (D.APBDES_GANDA, lambda: _apbdes_ganda(work, m)),
    ]
    for i, (kind, step) in enumerate(steps, 1):
        if kind in wanted:
            found += step()
        if progress:
            progress(i, len(steps))
    verdicts = all_verdicts(work)
    out, hidden = [], 0
    for c in found:
        v = verdicts.get((c.kind, c.pair_key))
        if v is not None and v.verdict == D.BUKAN and not include_dismissed:
            hidden += 1
            continue
        out.append(_with(c, verdict=v))
    order = list(D.KINDS)
    out.sort(key=lambda c: (order.index(c.kind), c.a.kode_wilayah, c.b.kode_wilayah, c.a.name))
    return DuplicateReport(period, out, hidden, len(m.village_of), len(rows))


def _with(c: DuplicateCandidate, **changes: Any) -> DuplicateCandidate:
    from dataclasses import replace

    return replace(c, **changes)


def candidate(
    kind: str, a: DuplicateSide, b: DuplicateSide, score: int, **extra: Any
) -> DuplicateCandidate:
    key = D.PairKey.of(a.nik, a.kode_wilayah, b.nik, b.kode_wilayah)
    if (a.nik, a.kode_wilayah) != (key.nik_a, key.village_a):
        a, b = b, a
    n, basis = newer(a, b)
    return DuplicateCandidate(kind, str(key), a, b, score, newer=n, newer_basis=basis, **extra)


def _nik_sama(work: Work, m: Month, rows: list[tuple[Any, ...]]) -> list[DuplicateCandidate]:
    by_nik: dict[str, dict[int, int]] = defaultdict(dict)  # nik → package → resident id
    for rid, pid, nik, *_ in rows:
        by_nik[nik].setdefault(pid, rid)
    groups = [g for g in by_nik.values() if len(g) > 1]
    sides = sides_by_id(work, m, (rid for g in groups for rid in g.values()))
    out = []
    for g in groups:
        for x, y in combinations(sorted(g.values()), 2):
            a, b = sides[x], sides[y]
            out.append(candidate(D.NIK_SAMA, a, b, 100, detail=_same_nik_detail(a, b)))
    return out


def _same_nik_detail(a: DuplicateSide, b: DuplicateSide) -> str:
    """What a reviewer needs first: whether the two records even look like one person."""
    likeness = D.similarity(match_name(a.name), match_name(b.name))
    same_birth = a.birth_date == b.birth_date
    if likeness >= D.NAME_SURE and same_birth:
        return f"NIK {a.nik} tercatat hidup di dua desa, nama dan tanggal lahir sama."
    return (
        f"NIK {a.nik} tercatat hidup di dua desa, tetapi nama (mirip {likeness}%)"
        f"{'' if same_birth else ' atau tanggal lahir'} berbeda: mungkin salah satu NIK salah "
        "ketik."
    )


def _orang_sama(work: Work, m: Month, rows: list[tuple[Any, ...]]) -> list[DuplicateCandidate]:
    pairs = name_pairs(rows)
    sides = sides_by_id(work, m, (i for p in pairs for i in (p.id_a, p.id_b)))
    out = []
    for p in pairs:
        a, b = sides[p.id_a], sides[p.id_b]
        mother = (
            "nama ibu tidak lengkap"
            if p.mother_score is None
            else f"nama ibu mirip {p.mother_score}%"
        )
        detail = (
            f"Nama mirip {p.score}%, lahir {tanggal(a.birth_date)}, jenis kelamin sama, {mother}."
        )
        out.append(
            candidate(D.ORANG_SAMA, a, b, p.score, mother_score=p.mother_score, detail=detail)
        )
    return out


def _pbi_ganda(work: Work, m: Month) -> list[DuplicateCandidate]:
    if not m.village_of:
        return []
    rows = read_rows(
        work.conn,
        select(R.c.id, R.c.package_id, R.c.nik, R.c.card_no)
        .where(R.c.package_id.in_(m.package_ids), R.c.segment == PBI_APBN, R.c.jkn_status == AKTIF)
        .order_by(R.c.id),
    )
    by_nik: dict[str, dict[int, int]] = defaultdict(dict)
    by_card: dict[str, dict[int, int]] = defaultdict(dict)
    for rid, pid, nik, card in rows:
        by_nik[nik].setdefault(pid, rid)
        if card:
            by_card[card].setdefault(pid, rid)
    pairs: dict[tuple[int, int], str] = {}
    for what, index in (("NIK", by_nik), ("nomor kartu", by_card)):
        for g in index.values():
            for x, y in combinations(sorted(g.values()), 2):
                pairs.setdefault((x, y), what)
    sides = sides_by_id(work, m, (i for p in pairs for i in p))
    out: dict[str, DuplicateCandidate] = {}
    for (x, y), what in pairs.items():
        a, b = sides[x], sides[y]
        detail = f"{what[0].upper()}{what[1:]} yang sama aktif sebagai PBI JK (APBN) di dua desa."
        c = candidate(D.PBI_GANDA, a, b, 100, detail=detail)
        out.setdefault(c.pair_key, c)
    return list(out.values())


def _months(start: int, end: int, year: int) -> str:
    return (
        f"{MONTHS[start - 1]}–{MONTHS[end - 1]} {year}"
        if start != end
        else f"{MONTHS[start - 1]} {year}"
    )


def _apbdes_ganda(work: Work, m: Month) -> list[DuplicateCandidate]:
    if not m.village_of:
        return []
    rows = read_rows(
        work.conn,
        select(B.c.package_id, B.c.nik, L.c.year, B.c.start_month, B.c.end_month, B.c.line_no)
        .select_from(B.join(L, and_(L.c.package_id == B.c.package_id, L.c.line_no == B.c.line_no)))
        .where(B.c.package_id.in_(m.package_ids))
        .order_by(B.c.nik, B.c.package_id, B.c.start_month),
    )
    # nik → year → package → [(start, end, line)]
    spans: dict[str, dict[int, dict[int, list[tuple[int, int, int]]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for pid, nik, year, start, end, line in rows:
        spans[nik][year][pid].append((start, end, line))
    out: dict[str, DuplicateCandidate] = {}
    for nik, years in spans.items():
        for year, by_pkg in years.items():
            if len(by_pkg) < 2:
                continue
            for pa, pb in combinations(sorted(by_pkg), 2):
                hit = _overlap(by_pkg[pa], by_pkg[pb])
                if hit is None:
                    continue
                (sa, ea, la), (sb, eb, lb), (lo, hi) = hit
                a = side_of(work, m, m.village_of[pa], nik, f"{_months(sa, ea, year)} (baris {la})")
                b = side_of(work, m, m.village_of[pb], nik, f"{_months(sb, eb, year)} (baris {lb})")
                detail = (
                    f"Iuran NIK {nik} dibayar APBDes dua desa pada bulan yang sama: "
                    f"{_months(lo, hi, year)}."
                )
                c = candidate(D.APBDES_GANDA, a, b, 100, detail=detail)
                out.setdefault(c.pair_key, c)
    return list(out.values())


def _overlap(
    xs: list[tuple[int, int, int]], ys: list[tuple[int, int, int]]
) -> tuple[tuple[int, int, int], tuple[int, int, int], tuple[int, int]] | None:
    for x in xs:
        for y in ys:
            lo, hi = max(x[0], y[0]), min(x[1], y[1])
            if lo <= hi:
                return x, y, (lo, hi)
    return None
