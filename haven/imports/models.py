"""An import of a grassroots group's spreadsheet of households, and the mappings remembered per source.

The rows of the file are kept encrypted (they hold contacts) only while the import
runs and its duplicates wait for a decision; then they are dropped.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.lib.crypto import EncryptedTextField


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Choosing columns")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportKind(models.TextChoices):
    HOUSEHOLDS = "households", _("Households looking for a place")
    OFFERS = "offers", _("Hosts' offers")


class ImportJob(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(
        _("what the sheet holds"), max_length=12, choices=ImportKind.choices, default=ImportKind.HOUSEHOLDS
    )
    region = models.ForeignKey("accounts.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("city"))
    source = models.CharField(_("where the sheet comes from"), max_length=80)
    file_name = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.MAPPING)
    header = models.JSONField(default=list)  # column titles: not personal
    rows = EncryptedTextField(blank=True)  # JSON list of rows (lists of text); dropped when no longer needed
    mapping = models.JSONField(default=dict, blank=True)  # Haven field -> column index
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    # [row number, field, message]: row numbers as in the sheet (the header is row 1).
    errors = models.JSONField(default=list, blank=True)
    # [row number, existing household's public id, what matched]; decided one by one.
    duplicates = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's lease (lib/lease.py): stamped while it runs; attempts fence a late worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [models.CheckConstraint(condition=Q(processed__lte=models.F("total")), name="import_progress_ok")]

    def __str__(self) -> str:
        return f"import {str(self.public_id)[:8]}"

    @property
    def progress(self) -> int:
        return 100 if not self.total else int(100 * self.processed / self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class SourceMapping(models.Model):
    """The columns of one group's sheet, remembered for its next import."""

    region = models.ForeignKey("accounts.Region", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=80)
    mapping = models.JSONField(default=dict)  # Haven field -> column title
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "source"], name="source_mapping_unique")]

    def __str__(self) -> str:
        return self.source
