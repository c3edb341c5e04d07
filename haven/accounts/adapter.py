from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return getattr(settings, "HAVEN_OPEN_SIGNUP", True)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return reverse("accounts:home")
