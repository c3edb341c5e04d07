"""The clock: expire unanswered proposals, remind hosts, hand chains on, close the queues'
past days, pass desk offers not taken in time to the next in line, erase households kept
past the retention period, send the outbox, queue again the work of a worker that died.

    manage.py tick               # once (from cron or a systemd timer, every minute)
    manage.py tick --every 60    # forever, beside the task worker (make demo does this)

Every step is safe to run twice, or from two machines at once.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand

from haven.bot import services as bot
from haven.guide import services as guide
from haven.imports import services as imports
from haven.matching import services as matching
from haven.notify import services as notify
from haven.partners import services as partners
from haven.queues import services as queues
from haven.registry import retention
from haven.stays import clock
from haven.workspaces import services as workspaces

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Expire proposals, remind hosts, hand chained stays on, close past queue days, send waiting messages."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--every", type=int, default=0, help="repeat every N seconds (0: once)")

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            try:
                report = clock.tick()
                ended = queues.close_past_days()
                lapsed = workspaces.lapse_offers()
                purged = retention.purge()
                warned = guide.remind_deadlines()
                partners.forget_old_keys()
                bot.forget_idle_chats()
                sent = notify.send_due()  # last: the messages of this round go out in it
                imports.give_up_stale()
                # Messages interrupted mid-send are failed, never sent twice; work whose
                # worker died is queued again (or failed after a few tries), last: with
                # the in-process task backend it runs right here.
                interrupted = notify.give_up_interrupted()
                recovered = matching.recover_lost() + imports.recover_lost()
            except Exception:
                # The database went away for a moment, say: the next round tries again.
                if not every:
                    raise
                logger.exception("the clock's round failed")
            else:
                if options.get("verbosity", 1) > 1 or not every:
                    self.stdout.write(
                        f"expired {report.expired}, reminded {report.reminded}, "
                        f"handed on {report.handed_off}, tickets of past days closed {ended}, desk offers lapsed {lapsed}, households past retention erased {purged}, stay deadlines told {warned}, sent {sent}, "
                        f"lost jobs queued again {recovered}, messages interrupted {interrupted}"
                    )
            if not every:
                return
            time.sleep(every)
