"""Runs of the matching engine over one city, and the suggestions they leave behind.

A run is a snapshot: the engine saw the city's open households and active offers at
that moment and proposed legs for some of them. A suggestion names its offers by
public id inside ``legs`` (not by foreign key), so that it shows what was proposed
even after an offer changes; a household's suggestions go when the household erases
itself. A rejected suggestion leaves an ``Exclusion`` so that no later run proposes
the same household to the same offer again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from haven.lib.languages import Spoken


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunMode(models.TextChoices):
    FULL = "full", _("Whole city")
    UPDATE = "update", _("Update")


class SuggestionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class MatchRun(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.CASCADE, related_name="match_runs", verbose_name=_("city")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    # An update re-plans only what changed since the city's last run of the day (engine/warm.py).
    mode = models.CharField(_("kind"), max_length=10, choices=RunMode.choices, default=RunMode.FULL)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    score = models.FloatField(_("score"), null=True, blank=True)
    upper_bound = models.FloatField(_("upper bound"), null=True, blank=True)
    # Counts and the engine's own figures; never a name, an alias or an id.
    stats = models.JSONField(_("figures"), default=dict, blank=True)
    # What went wrong, in general terms (the exception's class): no personal data.
    error = models.CharField(_("error"), max_length=200, blank=True)
    # The engine's state for the next update: its plans and the prices certifying its
    # bound, by opaque ids. Kept on a city's latest finished run only.
    state = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's lease (lib/lease.py): stamped while it runs; attempts fence a late worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="match_run_progress_in_range")]

    def __str__(self) -> str:
        return f"match run {str(self.public_id)[:8]}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def quality(self) -> float | None:
        """Score over the proven upper bound: how close to the best possible, for certain."""
        if self.score is None or not self.upper_bound:
            return None
        return min(1.0, self.score / self.upper_bound)

    @property
    def quality_percent(self) -> float | None:
        quality = self.quality
        return None if quality is None else round(100 * quality, 1)

    @property
    def unassigned_count(self) -> int:
        return int(self.stats.get("unassigned", 0))

    def unassigned_reasons(self) -> list[tuple[str, int]]:
        """(translated reason, count) for households the run could not place, most frequent first."""
        counts: dict[str, int] = self.stats.get("unassigned_reasons", {})
        rows = [(str(UNASSIGNED_REASONS.get(code, code)), n) for code, n in counts.items()]
        return sorted(rows, key=lambda row: -row[1])


class Suggestion(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("run"))
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("household")
    )
    # [{"offer": offer public id, "from": ISO day, "until": ISO day}], in order.
    legs = models.JSONField(_("stays"), default=list)
    value = models.FloatField(_("value"), default=0.0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)  # the engine's English
    reason_codes = models.JSONField(_("reason codes"), default=list, blank=True)  # shown translated
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["run", "id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        constraints = [models.UniqueConstraint(fields=["run", "household"], name="suggestion_once_per_run")]

    def __str__(self) -> str:
        return f"suggestion {str(self.public_id)[:8]}"

    @property
    def offer_ids(self) -> list[str]:
        return [leg["offer"] for leg in self.legs]

    @property
    def starts(self) -> dt.date | None:
        return dt.date.fromisoformat(self.legs[0]["from"]) if self.legs else None

    @property
    def ends(self) -> dt.date | None:
        return dt.date.fromisoformat(self.legs[-1]["until"]) if self.legs else None

    def reason_texts(self) -> list[str]:
        """The reasons in the reader's language (the engine's English if none were derived)."""
        if not self.reason_codes:
            return [str(r) for r in self.reasons]
        return [text for code in self.reason_codes if (text := describe_reason(code))]


class Exclusion(models.Model):
    """A household that must not be proposed to an offer again (a coordinator rejected it)."""

    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="exclusions", verbose_name=_("household")
    )
    offer = models.ForeignKey(
        "hosting.Offer", on_delete=models.CASCADE, related_name="exclusions", verbose_name=_("offer")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        constraints = [models.UniqueConstraint(fields=["household", "offer"], name="exclusion_unique_pair")]

    def __str__(self) -> str:
        return f"exclusion {self.pk}"


# The engine's reason codes for a household it could not place (FORMAT.md), as a
# coordinator reads them.
UNASSIGNED_REASONS = {
    "no_offer_in_city": _("No offer in the city at all"),
    "too_many_people": _("No offer has enough beds for the group"),
    "pets": _("No offer that fits takes pets"),
    "children": _("No offer that fits takes children"),
    "accessibility": _("No offer that fits has step-free access"),
    "women_only": _("Only offers for women-only groups would fit"),
    "excluded": _("The hosts who fit have been ruled out"),
    "dates": _("No offer that fits is free on these dates"),
    "capacity_taken": _("Offers fit, but their beds went to others"),
}


def _language_name(code: str) -> str:
    names = dict(Spoken.choices)
    if code in names:
        return str(names[code])
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def describe_reason(code: dict[str, Any]) -> str:
    """One structured reason (see ``services.reason_codes``) as a sentence in the active language."""
    kind = code.get("code")
    if kind == "covers":
        nights, wanted, stays = int(code["nights"]), int(code["wanted"]), int(code.get("stays", 1))
        if stays > 1:
            return ngettext(
                "Covers %(nights)s of %(wanted)s night in %(stays)s stays.",
                "Covers %(nights)s of %(wanted)s nights in %(stays)s stays.",
                wanted,
            ) % {"nights": nights, "wanted": wanted, "stays": stays}
        return ngettext("Covers %(nights)s of %(wanted)s night.", "Covers %(nights)s of %(wanted)s nights.", wanted) % {
            "nights": nights,
            "wanted": wanted,
        }
    if kind == "languages":
        names = ", ".join(_language_name(c) for c in code.get("languages", []))
        return str(_("The host speaks: %(languages)s.") % {"languages": names})
    simple = {
        "district": _("In the preferred district."),
        "pets": _("Takes pets."),
        "children": _("Welcomes children."),
        "step_free": _("Step-free access."),
        "vulnerable": _("Placed first as a vulnerable group."),
        "first_night": _("A bed from the first night."),
    }
    return str(simple.get(str(kind), ""))
