"""Finding a person among the villages' residents at the kecamatan and the kabupaten: by NIK, or
by the words of the name, over each village's current package of a month (by default the newest
month received). Staff answering a call ("is my mother on PBI?") need the village, the status
dasar and the insurance at once.

A name is found word by word: each word typed must start a word of the name ("sit amin" finds
SITI AMINAH and Aminah Siti), through the words stored when the package was taken in
(``kec_resident_word``, migration 0017): a range on an index, which PostgreSQL can use under
row-level security where a ``LIKE`` cannot."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from jkn_desktop.domain.names import search_words
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.search import residents_with_words
from jkn_desktop.persistence.tables import kec_package_t, kec_resident_t, kec_village_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan import FoundPerson, PeopleFound
from jkn_desktop.services.kecamatan.figures import active_expr
from jkn_desktop.services.kecamatan.identity import require_kecamatan
from jkn_desktop.services.kecamatan.packages import current_packages, periods_received
from jkn_desktop.services.kecamatan.summary import check_period

R, P, V = kec_resident_t, kec_package_t, kec_village_t
LIMIT = 100


def _person(r: Any) -> FoundPerson:
    nik, name, sex, born, no_kk, kode, village, status, segment, jkn_status, active = r
    return FoundPerson(
        str(nik), str(name), str(sex), born, str(no_kk), str(kode), str(village), int(status),
        segment, jkn_status, bool(active),
    )  # fmt: skip


def find_people(
    work: Work, text: str, *, period: str | None = None, limit: int = LIMIT
) -> PeopleFound:
    """The residents whose NIK is ``text`` (16 digits, spaces and dots ignored), or whose name
    holds every word of ``text``, in name order; at most ``limit`` (``more``: others match too,
    and the list is ``limit`` of them). Reading only: any role."""
    require_kecamatan(work)
    digits = re.sub(r"[\s.]", "", text or "")
    words = [w for w in search_words(text) if len(w) >= 2]
    if not digits.isdigit() and not words:
        raise UserError("CARI_KOSONG")
    if digits.isdigit() and len(digits) != 16:
        raise UserError("CARI_NIK", count=len(digits))
    if period is None:
        months = periods_received(work)
        if not months:
            return PeopleFound("")
        period = months[-1]
    else:
        year, month = check_period(period)
        period = f"{year}-{month:02d}"
    ids = list(current_packages(work, period).values())
    if not ids:
        return PeopleFound(period)
    # first the residents' ids — those with the NIK in the month's packages, or those each
    # word typed starts a word of the name of (the words' own package column keeps them to the
    # month's) — at most one more than the limit, then their rows by id: two short statements
    # whose plans do not depend on guessing how many a name matches
    found = (
        select(R.c.id).where(R.c.nik == digits, R.c.package_id.in_(ids))
        if digits.isdigit()
        else residents_with_words(words, ids)
    )
    chosen = [int(i) for i in work.conn.execute(found.limit(limit + 1)).scalars()]
    if not chosen:
        return PeopleFound(period)
    rows = work.conn.execute(
        select(
            R.c.nik,
            R.c.name,
            R.c.sex,
            R.c.birth_date,
            R.c.no_kk,
            P.c.kode_wilayah,
            V.c.name,
            R.c.status_dasar,
            R.c.segment,
            R.c.jkn_status,
            active_expr(),
        )
        .join(P, P.c.id == R.c.package_id)
        .join(V, V.c.kode_wilayah == P.c.kode_wilayah)
        .where(R.c.id.in_(chosen[:limit]))
    ).all()
    # a common name's first 101 found, not its first 101 by name: the staff are asked for more
    # of the name when more match (sorting every match of a common name is what took long)
    people = sorted((_person(r) for r in rows), key=lambda p: (p.name, p.kode_wilayah, p.nik))
    return PeopleFound(period, people, len(chosen) > limit)
