from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from haven.backoffice import figures_views

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("privacy/", TemplateView.as_view(template_name="privacy.html"), name="privacy"),
    path("numbers/", figures_views.public_numbers, name="numbers"),
    path("", include("haven.registry.urls")),
    path("", include("haven.stays.urls")),
    path("host/", include("haven.hosting.urls")),
    path("q/", include("haven.queues.urls")),
    path("w/", include("haven.workspaces.urls")),
    path("relocate/", include("haven.relocation.urls")),
    path("rent/", include("haven.rentals.urls")),
    path("guide/", include("haven.guide.urls")),
    path("guide/routes/", include("haven.checklists.urls")),
    path("help/", include("haven.helppoints.urls")),
    path("api/v1/", include("haven.api.urls")),
    path("bot/", include("haven.bot.urls")),
    path("coord/imports/", include("haven.imports.urls")),
    path("coord/", include("haven.backoffice.urls")),
    path("account/", include("haven.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:  # rental photos; a deployment's proxy serves MEDIA_ROOT itself
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database gone away answers 503 wherever it is noticed (lib/middleware.py).
handler500 = "haven.lib.middleware.server_error"
