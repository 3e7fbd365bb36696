"""The counter's lookup of a long number (a NIK, a No. KK, a card number or their start) finds
exactly the residents the list's search finds, in the same order, through its own indexes."""

from __future__ import annotations

from jkn_desktop.records.membership import JknFilter
from jkn_desktop.services.membership.counter import counter_check
from jkn_desktop.services.membership.kepesertaan import ids_by_number, query_ids


def _listed(db, text: str) -> list[int]:
    return db.run(query_ids, JknFilter(search=text, living_only=False), "name", write=False)


def test_a_long_number_finds_what_the_list_search_finds(demo_db):
    with demo_db.engine.connect() as raw:
        niks = [r[0] for r in raw.exec_driver_sql("SELECT nik FROM resident ORDER BY id LIMIT 5")]
        kks = [r[0] for r in raw.exec_driver_sql("SELECT no_kk FROM household ORDER BY id LIMIT 3")]
        cards = [
            r[0]
            for r in raw.exec_driver_sql(
                "SELECT card_no FROM jkn_current WHERE card_no IS NOT NULL AND card_no != '' LIMIT 3"
            )
        ]
        dead = raw.exec_driver_sql(
            "SELECT nik FROM resident WHERE status_dasar != 1 LIMIT 1"
        ).first()
    assert cards
    assert dead is not None
    texts = [*niks, *kks, *cards, dead[0], niks[0][:12], kks[0][:14], niks[1][:15]]
    texts += [f"{niks[2][:6]}.{niks[2][6:12]}.{niks[2][12:]}", "9999999999999999"]
    for text in texts:
        found = demo_db.run(ids_by_number, text, write=False)
        assert found == _listed(demo_db, text), text
    assert demo_db.run(ids_by_number, "3313", write=False) is None  # short: the list's search
    assert demo_db.run(ids_by_number, "sri", write=False) is None


def test_the_counter_finds_a_resident_by_full_nik_and_their_household(demo_db):
    with demo_db.engine.connect() as raw:
        nik, no_kk = raw.exec_driver_sql(
            "SELECT r.nik, h.no_kk FROM resident r JOIN household h ON h.id = r.household_id "
            "WHERE r.status_dasar = 1 LIMIT 1"
        ).one()
    (result,) = demo_db.run(counter_check, nik, write=False)
    assert result.person.nik == nik
    assert result.person.no_kk == no_kk
    assert nik in {m.nik for m in result.household}
