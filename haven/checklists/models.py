"""Onward checklists: routes people take from here (on to Istanbul and a Schengen visa, on
to Tbilisi, or staying on), each a list of steps with the documents it needs and a link,
and the steps a household has ticked off.

Texts are kept in Russian, Kazakh and English; Russian is required and stands in for a
language left empty. A tick belongs to a household (by its case code in the browser), so
erasing the household erases its ticks.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import in_language

LANGS = ("ru", "kk", "en")
MAX_TITLE = 200
MAX_SUMMARY = 1000
MAX_BODY = 4000
MAX_DOCUMENTS = 2000
MAX_LINK = 500
MAX_LINK_LABEL = 120
MAX_STEPS = 40  # a route longer than that is two routes


class Route(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The city it starts from: its coordinators edit it. None: any coordinator does.
    region = models.ForeignKey(
        "accounts.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="routes",
        verbose_name=_("starts from"),
    )  # fmt: skip
    title_ru = models.CharField(_("title in Russian"), max_length=MAX_TITLE)
    title_kk = models.CharField(_("title in Kazakh"), max_length=MAX_TITLE, blank=True)
    title_en = models.CharField(_("title in English"), max_length=MAX_TITLE, blank=True)
    summary_ru = models.TextField(_("summary in Russian"), max_length=MAX_SUMMARY, blank=True)
    summary_kk = models.TextField(_("summary in Kazakh"), max_length=MAX_SUMMARY, blank=True)
    summary_en = models.TextField(_("summary in English"), max_length=MAX_SUMMARY, blank=True)
    position = models.PositiveSmallIntegerField(_("position in the list"), default=0)
    is_active = models.BooleanField(_("shown to everyone"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def summary(self) -> str:
        return in_language(self, "summary")


class Step(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    title_ru = models.CharField(_("step in Russian"), max_length=MAX_TITLE)
    title_kk = models.CharField(_("step in Kazakh"), max_length=MAX_TITLE, blank=True)
    title_en = models.CharField(_("step in English"), max_length=MAX_TITLE, blank=True)
    body_ru = models.TextField(_("what to do, in Russian"), max_length=MAX_BODY, blank=True)
    body_kk = models.TextField(_("what to do, in Kazakh"), max_length=MAX_BODY, blank=True)
    body_en = models.TextField(_("what to do, in English"), max_length=MAX_BODY, blank=True)
    # One document a line, shown as a list.
    documents_ru = models.TextField(_("documents, in Russian"), max_length=MAX_DOCUMENTS, blank=True)
    documents_kk = models.TextField(_("documents, in Kazakh"), max_length=MAX_DOCUMENTS, blank=True)
    documents_en = models.TextField(_("documents, in English"), max_length=MAX_DOCUMENTS, blank=True)
    # An https:// address or a path of this site ("/guide/clock/"); nothing else (forms.clean_link).
    link = models.CharField(_("link"), max_length=MAX_LINK, blank=True)
    link_label_ru = models.CharField(_("link text in Russian"), max_length=MAX_LINK_LABEL, blank=True)
    link_label_kk = models.CharField(_("link text in Kazakh"), max_length=MAX_LINK_LABEL, blank=True)
    link_label_en = models.CharField(_("link text in English"), max_length=MAX_LINK_LABEL, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["route_id", "position"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="checklist_step_position_unique"),
            models.CheckConstraint(condition=Q(position__gte=1), name="checklist_step_position_positive"),
            # The form refuses other schemes; the database refuses them too (no javascript:).
            models.CheckConstraint(
                condition=Q(link="") | Q(link__startswith="https://") | (Q(link__startswith="/") & ~Q(link__startswith="//")),
                name="checklist_step_link_safe",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")

    @property
    def body(self) -> str:
        return in_language(self, "body")

    @property
    def documents(self) -> list[str]:
        """The documents in the page's language (Russian if none there), one an item."""
        lines = (line.strip().lstrip("-•*–—").strip() for line in in_language(self, "documents").splitlines())
        return [line for line in lines if line]

    @property
    def link_label(self) -> str:
        label = in_language(self, "link_label")
        if label:
            return label
        return self.link.removeprefix("https://").removeprefix("www.").rstrip("/")


class Tick(models.Model):
    """A step a household has done."""

    household = models.ForeignKey("registry.Household", on_delete=models.CASCADE, related_name="checklist_ticks")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="ticks")
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [models.UniqueConstraint(fields=["household", "step"], name="checklist_tick_unique")]

    def __str__(self) -> str:
        return f"tick {self.pk}"
