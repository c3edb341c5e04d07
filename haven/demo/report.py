"""What the demo command prints: the logins as they are in the database, and where to go."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

from haven.accounts.models import User
from haven.demo import checklists as checklists_demo
from haven.demo import data
from haven.demo import guide as guide_demo
from haven.demo import helppoints as helppoints_demo
from haven.demo import partners as partners_demo
from haven.demo import queues as queues_demo
from haven.demo import relocation as relocation_demo
from haven.demo import rentals as rentals_demo
from haven.demo import workspaces as workspaces_demo
from haven.hosting.models import Offer, Vetting
from haven.registry.models import Household


@dataclass(frozen=True)
class Login:
    email: str
    name: str
    city: str = ""
    totp_secret: str = ""
    vetted: bool = False


@dataclass(frozen=True)
class ShowcaseCode:
    city: str
    alias: str
    code: str  # formatted, K7RX-93HM


@dataclass(frozen=True)
class DemoReport:
    created: bool
    coordinators: list[Login]
    hosts: list[Login]
    admin: Login | None
    codes: list[ShowcaseCode]
    households: int
    offers: int


def describe_demo(*, created: bool, codes: list[ShowcaseCode] | None = None) -> DemoReport:
    """The demo's logins as they are in the database now, with their TOTP secrets."""
    users = {u.email: u for u in User.objects.filter(email__endswith=f"@{data.DEMO_DOMAIN}")}
    vetted = set(
        User.objects.filter(email__in=users, host_profile__vetting=Vetting.VETTED).values_list("email", flat=True)
    )
    secrets: dict[int, str] = {}
    for authenticator in Authenticator.objects.filter(user__in=users.values(), type=Authenticator.Type.TOTP):
        secrets[authenticator.user_id] = decrypt(authenticator.data["secret"])

    def login(email: str, city: str = "") -> Login | None:
        user = users.get(email)
        if user is None:
            return None
        return Login(
            email=email, name=user.display_name, city=city, totp_secret=secrets.get(user.pk, ""), vetted=email in vetted
        )

    coordinators, hosts = [], []
    for city in data.CITIES:
        if (coordinator := login(city.coordinator_email, city.name_en)) is not None:
            coordinators.append(coordinator)
        if (host := login(city.host_email, city.name_en)) is not None:
            hosts.append(host)
        extra = sorted(e for e in users if e.startswith("host") and e.endswith(f".{city.slug}@{data.DEMO_DOMAIN}"))
        hosts += [h for e in extra if e != city.host_email and (h := login(e, city.name_en)) is not None]
    slugs = [city.slug for city in data.CITIES]
    return DemoReport(
        created=created,
        coordinators=coordinators,
        hosts=hosts,
        admin=login(data.ADMIN_EMAIL),
        codes=codes or [],
        households=Household.objects.filter(region__slug__in=slugs).count(),
        offers=Offer.objects.filter(region__slug__in=slugs).count(),
    )


def totp_now(secret: str, at: float | None = None) -> str:
    """The six digits that an authenticator app holding ``secret`` shows at ``at``."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def render_report(report: DemoReport, url: str) -> str:
    """What the command prints: where to go and how to log in."""
    base = url if url.endswith("/") else f"{url}/"
    at = time.time()

    def second_factor(login: Login) -> str:
        if not login.totp_secret:
            return "no TOTP"
        return f"TOTP secret {login.totp_secret}, code now {totp_now(login.totp_secret, at)}"

    lines = ["Haven demo is ready." if report.created else "Haven demo is already loaded; nothing was added."]
    lines.append(f"Open {base}")
    lines.append(
        f"{report.households} households and {report.offers} offers in {', '.join(c.name_en for c in data.CITIES)}."
    )
    lines.append("")
    lines.append(
        f"Coordinators (password {data.DEMO_PASSWORD}; add the TOTP secret to an authenticator app, "
        f"codes change every {mfa_settings.TOTP_PERIOD} seconds):"
    )
    for c in report.coordinators:
        lines.append(f"  {c.city:<8} {c.email:<30} {c.name:<10} {second_factor(c)}")
    lines.append("")
    vetted = sum(h.vetted for h in report.hosts)
    lines.append(f"Hosts ({len(report.hosts)}, {vetted} vetted; password {data.DEMO_PASSWORD}, no TOTP):")
    for city in data.CITIES:
        city_hosts = [h for h in report.hosts if h.city == city.name_en]
        if not city_hosts:
            continue
        first, others = city_hosts[0], city_hosts[1:]
        line = f"  {city.name_en:<8} {first.email:<30} {first.name:<10} {'vetted' if first.vetted else 'not vetted'}"
        if others:
            line += f"; also {others[0].email} … {others[-1].email} ({len(others)})"
        lines.append(line)
    lines.append(
        "  The first host of each city has a group's request waiting under Guests "
        f"({urljoin(base, 'host/stays/')}); messages to hosts and groups are printed here."
    )
    lines.append("")
    if report.admin is not None:
        lines.append(
            f"Admin: {report.admin.email} (password {data.DEMO_PASSWORD}, {second_factor(report.admin)}); "
            f"{urljoin(base, 'admin/')}"
        )
        lines.append("")
    for more in (
        queues_demo.report_lines(base),
        workspaces_demo.report_lines(base),
        relocation_demo.report_lines(base),
        rentals_demo.report_lines(base),
        guide_demo.report_lines(base),
        checklists_demo.report_lines(base),
        helppoints_demo.report_lines(base),
        partners_demo.report_lines(base),
    ):
        if more:
            lines += [*more, ""]
    if report.codes:
        lines.append(f"A household code to try at {urljoin(base, 'code/')}:")
        for code in report.codes:
            lines.append(f"  {code.city:<8} {code.code}  ({code.alias})")
    else:
        lines.append(
            "A household code to try: codes are kept only as a hash, so they are shown once, when the demo "
            "is loaded. Load it into an empty database to see them again."
        )
    return "\n".join(lines)
