from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import District, Membership, Region, User


def _login_through_allauth(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin logs in through the same door as everyone, with its second factor.

    Someone already logged in who is not staff is refused here; sending them to the
    login page would bounce straight back (allauth redirects logged-in people on).
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next", reverse("admin:index")), reverse("account_login"))


admin.site.login = _login_through_allauth  # type: ignore[method-assign]
admin.site.site_header = _("Haven administration")
admin.site.site_title = _("Haven administration")


class DistrictInline(admin.TabularInline):
    model = District
    extra = 1


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ru", "slug", "country", "is_active"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [DistrictInline]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("email",)


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "display_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "display_name"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__region"]
    readonly_fields = ["last_login", "date_joined", "public_id"]
    fieldsets = (
        (None, {"fields": ("email", "password", "display_name", "public_id")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [MembershipInline]
