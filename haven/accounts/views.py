from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from haven.accounts.selectors import is_coordinator


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a person lands after logging in: their own work."""
    if is_coordinator(request.user):  # type: ignore[arg-type]
        return redirect("backoffice:home")
    if request.user.point_roles.exists():  # type: ignore[union-attr]
        return redirect("queues:index")
    space = request.user.managed_spaces.select_related("workspace").first()  # type: ignore[union-attr]
    if space is not None:
        return redirect("workspaces:manage", space.workspace.slug)
    if request.user.companies.exists():  # type: ignore[union-attr]
        return redirect("relocation:index")
    return redirect("hosting:offers")
