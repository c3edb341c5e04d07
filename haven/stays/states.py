"""Every move a stay can make, from which states, by whom: the one place that says so.

docs/stays.md draws the same table as a diagram. ``test_services.py`` tries every
service move from every state and checks that it works exactly where this table says.
Besides these moves, a stay's events record its creation as a later leg ("plan") and
the notes left after it ("note"), which change no state.
"""

from __future__ import annotations

from dataclasses import dataclass

from haven.stays.models import StayState as S

# States that hold beds: the offer's capacity counts them, and a household is in at
# most one of them on any night.
ACTIVE = frozenset({S.PLANNED, S.PROPOSED, S.BOOKED, S.CHECKED_IN})
FINISHED = frozenset(set(S) - ACTIVE)


@dataclass(frozen=True)
class Move:
    name: str
    sources: frozenset[S]
    target: S | None  # None: stays where it is (a "yes" before the other side's, an extension)
    who: frozenset[str]  # "host", "guest", "coordinator", "system"


def _move(name: str, sources: set[S], target: S | None, *who: str) -> Move:
    return Move(name, frozenset(sources), target, frozenset(who))


MOVES = {
    m.name: m
    for m in [
        # A later leg of a chain is proposed to its host before the leg before it ends.
        _move("propose", {S.PLANNED}, S.PROPOSED, "system", "coordinator"),
        # Each side says yes; the second yes books the stay (services decide which).
        _move("accept", {S.PROPOSED}, None, "host"),
        _move("confirm", {S.PROPOSED}, None, "guest"),
        _move("book", {S.PROPOSED}, S.BOOKED, "host", "guest"),
        _move("decline", {S.PROPOSED}, S.DECLINED, "host"),
        _move("expire", {S.PROPOSED}, S.EXPIRED, "system"),
        _move("check-in", {S.BOOKED}, S.CHECKED_IN, "host", "guest"),
        _move("no-show", {S.BOOKED}, S.NO_SHOW, "host"),
        _move("extend", {S.BOOKED, S.CHECKED_IN}, None, "host"),
        _move("check-out", {S.CHECKED_IN}, S.CHECKED_OUT, "host", "guest"),
        _move("cancel", {S.PLANNED, S.PROPOSED, S.BOOKED}, S.CANCELLED, "guest", "coordinator", "system"),
    ]
}


def allowed(move: str, state: str, who: str) -> bool:
    m = MOVES[move]
    return state in m.sources and who in m.who
