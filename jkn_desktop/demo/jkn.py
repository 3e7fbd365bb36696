"""The demo village's JKN situation, as a village really holds it (issue #11 item 11).

Targets (Lumajang, May 2025: coverage 87.37%, keaktifan 65.52%): coverage about 87% and
keaktifan 65–80%, PBI the largest segment. What is true of each household is drawn first, then
the evidence the village would have of it, and the rule (``J.decide``) makes the current state:

* desil (DTSEN) for four households in five, poorer villages' weights;
* a wage earner (``J.WAGE_OCCUPATIONS``; kepala and perangkat desa always) is PPU with the
  spouse and at most three children — under 21, or under 25 while in school, unmarried, eldest
  first; parents, a fourth child and adult children get their own situation; some PPU nonaktif;
* PBI APBN mostly in desil 1–5, some households in desil 6–10; PBPU Pemda for the poor outside
  DTSEN too, many of them nonaktif; PBI members dropped from the list months ago, and a few
  dropped between last month's and this month's list;
* mandiri members in desil 6–10, many in arrears; pensioners as BP;
* residents known to be unregistered (their statement), some only in an old OpenSID file, and a
  modest share with nothing recorded (belum dicatat);
* wage earners left uninsured or still on the PBI list, some with a PPU card as well; PBI
  members who died, went missing or moved (within or out of the kabupaten, or nobody knows).

The evidence: last month's and this month's Dinsos lists (PBI APBN and PBPU Pemda, with their
``pbi_list`` rows, so the next import finds who was dropped; those dropped between the two
have an ``absent`` observation for this month), a BPJS participant list of two months ago for
part of the PPU, mandiri and BP members, cards seen at the office and residents' statements
(dated), and old OpenSID insurance fields (undated, the weakest)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import insert

from jkn_desktop.demo.planner import (
    _BELUM_KAWIN,
    _LISTS,
    ListPlan,
    Person,
    Planner,
    months_before,
    schooling,
)
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.bulk import insert_id, insert_many
from jkn_desktop.persistence.tables import pbi_entry_t, pbi_list_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import Observation
from jkn_desktop.services.membership.desil import record_desil_bulk
from jkn_desktop.services.membership.evidence import record_observations


@dataclass(slots=True)
class Plan:
    """What the demo records: desil per household, the Dinsos lists, the observations (with the
    key of the list they belong to, the list's id being known only once it is written)."""

    desil: dict[int, int]
    desil_as_of: dt.date
    lists: dict[tuple[str, str], ListPlan]
    observations: list[tuple[tuple[str, str] | None, Observation]]


# households' situations, in shares per group: those with a wage earner (the rest of them join
# their desil group), then by desil


def _whole(value: object) -> int:
    """A code or id of the generated rows (always a whole number)."""
    assert isinstance(value, int)
    return value


def plan(
    rng: random.Random,
    households: list[dict[str, object]],
    residents: list[dict[str, object]],
    today: dt.date,
) -> Plan:
    """Draw the JKN situation of every household; sets ``schooling`` and ``moved_out`` on the
    resident rows (they are written after). Residents must have their ``id`` already."""
    this = today.replace(day=1)
    desil_as_of = months_before(this, 2)
    desil: dict[int, int] = {}
    for h in households:
        if rng.random() < 0.8:
            hid = int(h["id"])  # type: ignore[call-overload]
            desil[hid] = rng.choices(range(1, 11), weights=[14, 13, 12, 11, 10, 9, 9, 8, 7, 7])[0]
    members: dict[int, list[Person]] = {}
    for row in residents:
        born = row["birth_date"]
        assert isinstance(born, dt.date)
        age = (today - born).days // 365
        row["schooling"] = schooling(rng, age)
        changed = row["status_changed_at"]
        p = Person(
            row=row,
            id=_whole(row["id"]),
            household_id=_whole(row["household_id"]),
            shdk=_whole(row["shdk"]),
            birth=born,
            age=age,
            occupation=_whole(row["occupation"]),
            status_dasar=_whole(row["status_dasar"]),
            gone_on=changed if isinstance(changed, dt.date) else None,
            married=row["marital_status"] != _BELUM_KAWIN,
            needs_care=row["chronic_illness"] not in (None, codes.SAKIT_NONE)
            or bool(row["pregnant"]),
        )
        members.setdefault(p.household_id, []).append(p)
    planner = Planner(rng, today)
    kinds = planner.kinds(members, desil)
    for hid, people in members.items():
        planner.household(people, desil.get(hid), kinds[hid])
    return Plan(desil, desil_as_of, planner.lists, planner.obs)


def record(work: Work, plan_: Plan) -> None:
    """Write the plan in the job's transaction: desil, the four Dinsos lists with their rows,
    then every observation (the rule decides each resident's current state)."""
    desil = [(hid, "", None, d) for hid, d in plan_.desil.items()]
    record_desil_bulk(work, desil, plan_.desil_as_of, source="DTSEN (demo)")
    conn, now, actor = work.conn, work.now, work.user
    ids: dict[tuple[str, str], int] = {}
    for key in _LISTS:  # the older lists first; this month's PBI APBN list is the last written
        lst = plan_.lists[key]
        n = len(lst.entries)
        ids[key] = insert_id(
            conn,
            insert(pbi_list_t).values(
                source="dinsos",
                period=lst.period,
                segment=lst.segment,
                file_name=lst.file_name,
                sheet="Daftar",
                rows=n,
                matched_nik=n,
                matched_name=0,
                not_found=0,
                dropped=lst.dropped,
                imported_at=now,
                actor=actor,
            ),
        )
        insert_many(
            conn,
            pbi_entry_t,
            [
                {
                    "list_id": ids[key],
                    "row": i + 4,
                    "nik": p.row["nik"],
                    "name": p.row["name"],
                    "birth_date": p.birth,
                    "card_no": p.card,
                    "address": "",
                    "segment": lst.segment,
                    "status": J.AKTIF,
                    "resident_id": p.id,
                    "match": "nik",
                }
                for i, p in enumerate(lst.entries)
            ],
        )
    observations = [
        dataclasses.replace(o, list_id=ids[key]) if key is not None else o
        for key, o in plan_.observations
    ]
    record_observations(work, observations, reason="data demo")
