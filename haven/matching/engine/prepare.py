"""Turn an Instance into the arrays the solver works on.

Nights are whole numbers counted from ``today`` (night 0 is today's night). For every
household: the offers it may use at all (city, beds, rules, exclusions, dates), the
value of each of its nights, and the bonus each compatible offer earns it. Offers
keep their windows clipped to ``today``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from haven.matching.engine.model import Household, Instance, Offer, Policy

# The filter chain of FORMAT.md, in its order: the first filter that empties the list
# of candidate offers names why a household cannot be placed at all.
REASON_ORDER = (
    "no_offer_in_city",
    "too_many_people",
    "pets",
    "children",
    "accessibility",
    "women_only",
    "excluded",
    "dates",
)


@dataclass
class HouseholdData:
    index: int
    household: Household
    people: int
    start: int  # first night it can be given (>= 0)
    end: int  # night after its last
    offers: np.ndarray  # indices of compatible offers (int64)
    bonus: np.ndarray  # per compatible offer: p * (language bonus + district bonus)
    night_value: np.ndarray  # per night start..end-1: p * v(h) * w(n)
    reason: str | None  # why no offer is compatible at all, else None
    legs: np.ndarray | None = None  # plain value of every possible leg, filled by pricing
    static: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None  # filled by pricing


@dataclass
class Prepared:
    instance: Instance
    offers: tuple[Offer, ...]
    offer_start: np.ndarray  # first available night (clipped to today)
    offer_end: np.ndarray
    beds: np.ndarray
    max_households: np.ndarray
    max_nights: np.ndarray
    households: list[HouseholdData]
    horizon: int  # nights 0..horizon-1 matter


def _day(instance: Instance, date: object) -> int:
    return (date - instance.today).days  # type: ignore[operator]


def compatible(h: Household, offer: Offer) -> bool:
    """Whether the offer's city and rules admit the household (dates and exclusions aside)."""
    return (
        offer.city == h.city
        and offer.beds >= h.people
        and (offer.pets_ok or not h.pets)
        and (offer.children_ok or h.children == 0)
        and (offer.accessible or not h.accessible)
        and (h.women_only or not offer.women_only)
    )


class _OfferTable:
    """Offer attributes as arrays, per city, so a household's filters are vector operations.

    The filters that depend only on a household's kind (city, people, pets, children,
    access, women-only) and the bonuses that depend only on its kind, languages and
    district are computed once per kind: a city of 20,000 households has a few hundred.
    """

    def __init__(self, instance: Instance, offer_start: np.ndarray, offer_end: np.ndarray) -> None:
        offers = instance.offers
        cities: dict[str, list[int]] = {}
        for j, offer in enumerate(offers):
            cities.setdefault(offer.city, []).append(j)
        # int32 indices and float32 bonuses (exact: multiples of a quarter): a city of
        # 20,000 households x 5,000 candidate offers each is ~2 GB in 64 bits.
        self.by_city = {c: np.array(js, dtype=np.int32) for c, js in cities.items()}
        self.beds = np.array([o.beds for o in offers], dtype=np.int64)
        self.pets_ok = np.array([o.pets_ok for o in offers], dtype=bool)
        self.children_ok = np.array([o.children_ok for o in offers], dtype=bool)
        self.accessible = np.array([o.accessible for o in offers], dtype=bool)
        self.women_only = np.array([o.women_only for o in offers], dtype=bool)
        self.start, self.end = offer_start, offer_end
        codes = sorted(
            {lang for o in offers for lang in o.languages} | {lang for h in instance.households for lang in h.languages}
        )
        self.language_bit = {lang: 1 << n for n, lang in enumerate(codes)}
        self.languages = np.array(
            [self.mask(o.languages) for o in offers], dtype=object if len(codes) > 62 else np.int64
        )
        self.district_code: dict[str, int] = {}
        self.district = np.array([self._code(o.district) for o in offers], dtype=np.int64)
        self.excluded: dict[str, np.ndarray] = {}
        index = {o.id: j for j, o in enumerate(offers)}
        excluded: dict[str, set[int]] = {}
        for hid, oid in instance.exclusions:
            excluded.setdefault(hid, set()).add(index[oid])
        self.excluded = {hid: np.array(sorted(js), dtype=np.int64) for hid, js in excluded.items()}
        self._by_kind: dict[tuple[object, ...], tuple[np.ndarray, str | None]] = {}
        self._bonus: dict[tuple[object, ...], np.ndarray] = {}

    def _code(self, district: str) -> int:
        return self.district_code.setdefault(district, len(self.district_code))

    def mask(self, languages: frozenset[str]) -> int:
        return sum(self.language_bit[lang] for lang in languages)

    def _kind(self, h: Household) -> tuple[np.ndarray, str | None]:
        """The offers the household's kind may use (dates and exclusions aside), or the first rule that left none."""
        key = (h.city, h.people, h.pets, h.children > 0, h.accessible, h.women_only)
        if key in self._by_kind:
            return self._by_kind[key]
        remaining = self.by_city.get(h.city)
        answer: tuple[np.ndarray, str | None] | None = None
        if remaining is None or len(remaining) == 0:
            answer = np.zeros(0, dtype=np.int32), "no_offer_in_city"
        else:
            steps: list[tuple[str, Callable[[np.ndarray], np.ndarray] | None]] = [
                ("too_many_people", lambda r: self.beds[r] >= h.people),
                ("pets", (lambda r: self.pets_ok[r]) if h.pets else None),
                ("children", (lambda r: self.children_ok[r]) if h.children else None),
                ("accessibility", (lambda r: self.accessible[r]) if h.accessible else None),
                ("women_only", None if h.women_only else (lambda r: ~self.women_only[r])),
            ]
            for code, keep in steps:
                if keep is None:
                    continue
                remaining = remaining[keep(remaining)]
                if len(remaining) == 0:
                    answer = remaining, code
                    break
            else:
                answer = remaining, None
        self._by_kind[key] = answer
        return answer

    def _kind_bonus(self, h: Household, idx: np.ndarray, policy: Policy) -> np.ndarray:
        """Per offer of the household's kind: p * (language bonus + district bonus)."""
        key = (h.city, h.people, h.pets, h.children > 0, h.accessible, h.women_only, h.languages, h.district)
        if key not in self._bonus:
            shares = (self.languages[idx] & self.mask(h.languages)) != 0
            if h.district is not None and h.district in self.district_code:
                near = self.district[idx] == self.district_code[h.district]
            else:
                near = np.zeros(len(idx), dtype=bool)
            bonus = h.people * (policy.language_bonus * shares + policy.district_bonus * near)
            self._bonus[key] = bonus.astype(np.float32)
        return self._bonus[key]

    def candidates(
        self, h: Household, start: int, end: int, policy: Policy
    ) -> tuple[np.ndarray, np.ndarray, str | None]:
        """The offers a household may use and their bonuses, or none and the first rule
        (FORMAT.md order) that left none."""
        idx, reason = self._kind(h)
        empty = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        if reason is not None:
            return *empty, reason
        bonus = self._kind_bonus(h, idx, policy)
        if h.id in self.excluded:
            keep = ~np.isin(idx, self.excluded[h.id])
            idx, bonus = idx[keep], bonus[keep]
            if len(idx) == 0:
                return *empty, "excluded"
        keep = (self.start[idx] < end) & (self.end[idx] > start) & (start < end)
        if not keep.any():
            return *empty, "dates"
        return idx[keep], bonus[keep], None


def prepare(instance: Instance) -> Prepared:
    policy = instance.policy
    offers = instance.offers
    offer_start = np.array([max(0, _day(instance, o.start)) for o in offers], dtype=np.int64)
    offer_end = np.array([_day(instance, o.end) for o in offers], dtype=np.int64)
    table = _OfferTable(instance, offer_start, offer_end)

    data: list[HouseholdData] = []
    horizon = 0
    for i, h in enumerate(instance.households):
        start, end = max(0, _day(instance, h.start)), _day(instance, h.end)
        people = h.people
        idx, bonus, reason = table.candidates(h, start, end, policy)
        v = policy.vulnerable_weight if h.vulnerable else 1.0
        nights = np.arange(start, max(start, end))
        w = np.where(nights < start + policy.urgent_nights, policy.urgent_weight, 1.0)
        data.append(
            HouseholdData(
                index=i,
                household=h,
                people=people,
                start=start,
                end=max(start, end),
                offers=idx,
                bonus=bonus,
                night_value=people * v * w,
                reason=reason,
            )
        )
        if not reason:
            horizon = max(horizon, end)
    return Prepared(
        instance=instance,
        offers=offers,
        offer_start=offer_start,
        offer_end=offer_end,
        beds=np.array([o.beds for o in offers], dtype=np.int64),
        max_households=np.array([o.max_households for o in offers], dtype=np.int64),
        max_nights=np.array([o.max_nights for o in offers], dtype=np.int64),
        households=data,
        horizon=horizon,
    )
