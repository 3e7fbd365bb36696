"""What a job changed, so the window refreshes only what shows it (Anki's ``OpChanges``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# The kinds of thing a job can change. A page says which of them it shows.
RESIDENT = "resident"
HOUSEHOLD = "household"
MEMBERSHIP = "membership"  # JKN evidence, the decided state, desil
APBDES = "apbdes"  # rates, budget lines, beneficiaries, payments
USULAN = "usulan"  # proposals, Musdes meetings, dismissed suggestions
VILLAGE = "village"  # the village identity (names on the kop and signature block)
OFFICE = "office"  # the counter log, the SKTM register, the list of officials
SETTINGS = "settings"
USER = "user"  # accounts: added, roles changed, disabled, a password set
DATABASE = "database"  # a whole database replaced (demo, restore): everything is new

ENTITIES = frozenset(
    {RESIDENT, HOUSEHOLD, MEMBERSHIP, APBDES, USULAN, VILLAGE, OFFICE, SETTINGS, USER, DATABASE}
)


@dataclass(frozen=True, slots=True)
class Changes:
    """Entities a job touched, each with the ids it touched (empty: many or unknown ids)."""

    touched: Mapping[str, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}))

    def __bool__(self) -> bool:
        return bool(self.touched)

    def touches(self, entities: Iterable[str]) -> bool:
        """True when this change concerns any of ``entities`` (a new database concerns all)."""
        if DATABASE in self.touched:
            return True
        return any(e in self.touched for e in entities)

    def ids(self, entity: str) -> frozenset[int]:
        return self.touched.get(entity, frozenset())


class ChangeLog:
    """Collects what a unit of work touches while it runs; frozen into :class:`Changes` at the end."""

    def __init__(self) -> None:
        self._touched: dict[str, set[int]] = {}
        self._many: set[str] = set()  # touched without ids: any row may have changed

    def touch(self, entity: str, ids: Iterable[int | None] = ()) -> None:
        if entity not in ENTITIES:
            raise ValueError(f"unknown entity {entity!r}")
        bucket = self._touched.setdefault(entity, set())
        known = [i for i in ids if i is not None]
        if not known:
            self._many.add(entity)
        bucket.update(known)

    def freeze(self) -> Changes:
        return Changes(
            MappingProxyType(
                {
                    k: frozenset() if k in self._many else frozenset(v)
                    for k, v in self._touched.items()
                }
            )
        )


EVERYTHING = Changes(MappingProxyType({DATABASE: frozenset()}))
