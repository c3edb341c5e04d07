from django.db import models


class RateCounter(models.Model):
    """One fixed window of attempts for one client and scope (the key holds no address)."""

    key = models.CharField(max_length=80, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:24]}… {self.count}"


class UsedLink(models.Model):
    """A signed link's one-time number, once used (``lib/links.py``): a second use is refused."""

    nonce = models.CharField(max_length=40, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return "used link"
