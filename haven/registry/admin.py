"""Households are not in the admin.

Coordinators open households in the back-office, where every view is audited and
nothing is deleted except by the household itself (erase). An admin page would be a
second door without either.
"""
