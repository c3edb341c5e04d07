"""Administrators keep the rule sets as laws change: a set that contradicts itself is
refused with the reason, and nothing of it is saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from haven.audit.models import Action
from haven.audit.services import record
from haven.guide import stayclock
from haven.guide.messages import explain
from haven.guide.models import Document, RuleSet, StayRule


class StayRuleForm(forms.ModelForm):
    class Meta:
        model = StayRule
        fields = ["kind", "days", "window", "months", "since", "until", "exempt"]

    def clean_exempt(self) -> list[str]:
        value = self.cleaned_data.get("exempt") or []
        known = set(Document.values)
        if not isinstance(value, list) or any(not isinstance(item, str) or item not in known for item in value):
            raise forms.ValidationError(
                _("Write a list of document kinds among: %(kinds)s."), params={"kinds": ", ".join(sorted(known))}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        # A field that does not belong to the kind of rule is left empty, not kept unseen.
        if data.get("kind") != "rolling":
            data["window"] = None
        if data.get("kind") != "per-period":
            data["months"] = None
        try:
            StayRule(**{k: data.get(k) for k in self.Meta.fields}).as_engine().check()
        except stayclock.BadTrips as bad:
            raise forms.ValidationError(explain(bad)) from bad
        return data


class StayRuleFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not any(f.cleaned_data and not f.cleaned_data.get("DELETE") for f in self.forms):
            raise forms.ValidationError(_("A rule set needs at least one rule."))
        kept = [
            StayRule(**{k: f.cleaned_data.get(k) for k in StayRuleForm.Meta.fields}).as_engine()
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            stayclock.check_rules(kept)
        except stayclock.BadTrips as bad:
            raise forms.ValidationError(explain(bad)) from bad


class StayRuleInline(admin.TabularInline):
    model = StayRule
    form = StayRuleForm
    formset = StayRuleFormSet
    extra = 1


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["name_en", "country", "slug", "last_checked", "is_active", "position"]
    list_filter = ["country", "is_active"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [StayRuleInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        record(actor=request.user, action=Action.RULES, subject_kind="rule-set", subject_id=form.instance.slug)
