"""A key past 64 bits is a wrong choice, not an error of the database (SQLite overflows)."""

from __future__ import annotations

import pytest
from django import forms

from haven.accounts.models import Region
from haven.lib.forms import RowsChoiceField

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("keys", [["99999999999999999999"], ["1", "-99999999999999999999"], ["1.5"], ["x"]])
def test_a_key_no_row_can_have_is_an_invalid_choice(almaty: Region, keys: list[str]):
    field = RowsChoiceField(queryset=Region.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(keys)
    assert refused.value.code == "invalid_choice"


def test_real_keys_are_chosen(almaty: Region):
    assert list(RowsChoiceField(queryset=Region.objects.all()).clean([str(almaty.pk)])) == [almaty]
