from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RentalsConfig(AppConfig):
    name = "haven.rentals"
    verbose_name = _("Rentals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.urls import reverse

        from haven.notify import links

        links.register("rental-landlord", lambda context: reverse("rentals:mine"))
        links.register("rental-tenant", lambda context: reverse("rentals:my-requests"))
