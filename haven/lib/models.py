from django.db import models


class RateCounter(models.Model):
    """One fixed window of attempts for one client and scope (the key holds no address)."""

    key = models.CharField(max_length=80, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key[:24]}… {self.count}"
