from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BotConfig(AppConfig):
    name = "haven.bot"
    verbose_name = _("Telegram bot")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import logging

        from haven.bot.channel import TelegramChannel
        from haven.notify import channels

        channels.register(TelegramChannel(), first=True)
        # httpx logs every request's URL at INFO, and a Bot API URL holds the bot's token.
        logging.getLogger("httpx").setLevel(logging.WARNING)
