"""Languages that people speak (not the interface languages, which are in settings)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Spoken(models.TextChoices):
    RUSSIAN = "ru", _("Russian")
    KAZAKH = "kk", _("Kazakh")
    KYRGYZ = "ky", _("Kyrgyz")
    ENGLISH = "en", _("English")
    UKRAINIAN = "uk", _("Ukrainian")
    BELARUSIAN = "be", _("Belarusian")
    UZBEK = "uz", _("Uzbek")
    TATAR = "tt", _("Tatar")
    ARMENIAN = "hy", _("Armenian")
    GEORGIAN = "ka", _("Georgian")
    TURKISH = "tr", _("Turkish")
    GERMAN = "de", _("German")


def labels(codes: list[str]) -> str:
    names = dict(Spoken.choices)
    return ", ".join(str(names.get(code, code)) for code in codes)
