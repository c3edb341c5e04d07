"""Writes of rentals: the pledge, listings (screened and priced on every save), photos,
tenants' requests and landlords' answers, coordinators' looks at held listings, and
the anonymous reports."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.audit import services as audit
from haven.audit.models import Action
from haven.notify import services as notify
from haven.rentals import index
from haven.rentals.models import (
    MAX_PHOTOS,
    DiscriminationReport,
    Hold,
    LandlordProfile,
    Listing,
    ListingStatus,
    Photo,
    RentalRequest,
    RentReport,
    ReportKind,
    ReportStatus,
    RequestStatus,
)
from haven.rentals.screening import screen

PHOTO_SIDE, THUMB_SIDE = 1280, 320


class Refused(Exception):
    """A change that cannot be made; ``why`` names the case for the page."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


def profile_of(user: Any) -> LandlordProfile:
    """The user's landlord profile; an unsaved one for someone who never listed (a page
    that only shows it writes nothing)."""
    return LandlordProfile.objects.filter(user=user).first() or LandlordProfile(user=user)


def _stored_profile(user: Any) -> LandlordProfile:
    profile, _ = LandlordProfile.objects.get_or_create(user=user)
    return profile


def accept_pledge(user: Any) -> LandlordProfile:
    profile = _stored_profile(user)
    if profile.pledge_accepted_at is None:
        profile.pledge_accepted_at = timezone.now()
        profile.save(update_fields=["pledge_accepted_at"])
    return profile


def _decide(listing: Listing, *, approved: tuple[Any, str] | None = None) -> None:
    """Screen the text and set the rent against the district: publish, or hold and say why.

    ``approved``: the rent and currency a coordinator published after a look; an edit
    that does not raise it keeps that decision (the text is screened again all the same).
    """
    verdict = screen(listing.description)
    listing.flagged_terms, listing.flagged_why = verdict.terms, verdict.why
    listing.above_median = index.above_median(listing)
    gouging = listing.above_median is not None and listing.above_median >= settings.HAVEN_GOUGING_RATIO
    kept = approved is not None and approved[1] == listing.currency and listing.rent <= approved[0]
    if verdict.flagged:
        listing.status, listing.hold = ListingStatus.HELD, Hold.DISCRIMINATION
    elif gouging and not kept:
        listing.status, listing.hold = ListingStatus.HELD, Hold.GOUGING
    else:
        listing.status, listing.hold = ListingStatus.PUBLISHED, Hold.NONE
    if not kept or verdict.flagged:
        listing.reviewed_by, listing.review_note = None, ""


@transaction.atomic
def save_listing(*, landlord: Any, listing: Listing | None = None, **fields: Any) -> Listing:
    """Create or change a listing; it is published only when its text is clean and its rent fair."""
    profile = LandlordProfile.objects.select_for_update().get(pk=_stored_profile(landlord).pk)
    if profile.suspended_at is not None:
        raise Refused("suspended")
    if profile.pledge_accepted_at is None:
        raise Refused("pledge")
    approved = None
    if listing is None:
        listing = Listing(landlord=landlord)
    elif listing.status in (ListingStatus.WITHDRAWN, ListingStatus.SUSPENDED):
        raise Refused("closed")
    elif listing.status == ListingStatus.PUBLISHED and listing.reviewed_by_id is not None:
        approved = (listing.rent, listing.currency)
    for name, value in fields.items():
        setattr(listing, name, value)
    _decide(listing, approved=approved)
    listing.save()
    return listing


def withdraw_listing(listing: Listing) -> Listing:
    if listing.status == ListingStatus.SUSPENDED:
        raise Refused("closed")  # stays suspended (and out of the rent index)
    with transaction.atomic():
        Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.WITHDRAWN, hold=Hold.NONE)
        RentalRequest.objects.filter(listing=listing, status=RequestStatus.PENDING).update(
            status=RequestStatus.DECLINED, answered_at=timezone.now()
        )
    listing.refresh_from_db()
    return listing


@transaction.atomic
def review(*, listing: Listing, by: Any, publish: bool, note: str) -> Listing:
    """A coordinator's look at a held listing: publish it (a false flag, a fair rent after
    all) or keep it held, with the reason the landlord will read."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != ListingStatus.HELD:
        raise Refused("not-held")
    if publish:
        listing.status, listing.hold = ListingStatus.PUBLISHED, Hold.NONE
    listing.reviewed_by, listing.review_note = by, note
    listing.save(update_fields=["status", "hold", "reviewed_by", "review_note", "updated_at"])
    audit.record(
        actor=by, action=Action.RENTAL, subject_kind="listing", subject_id=str(listing.public_id),
        region=listing.region, detail="published after review" if publish else "kept held",
    )  # fmt: skip
    return listing


# --- photos --------------------------------------------------------------------------------


class PhotoRefused(Refused):
    pass


def _jpeg(image: Any, side: int) -> tuple[bytes, tuple[int, int]]:
    copy = image.copy()
    copy.thumbnail((side, side))
    out = io.BytesIO()
    copy.save(out, format="JPEG", quality=82, optimize=True)  # no exif= argument: none is written
    return out.getvalue(), copy.size


def add_photo(*, listing: Listing, upload: Any) -> Photo:
    """Keep an uploaded photo re-encoded: turned upright, at most 1280 px, as a JPEG with
    no EXIF (no GPS position, no camera serial), and a 320 px thumbnail."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if listing.status in (ListingStatus.WITHDRAWN, ListingStatus.SUSPENDED):
        raise PhotoRefused("closed")
    if upload.size > settings.HAVEN_PHOTO_MAX_BYTES:
        raise PhotoRefused("too-big")
    formats = ["JPEG", "PNG", "WEBP"]
    try:
        with Image.open(upload, formats=formats) as probe:
            probe.verify()
        upload.seek(0)
        with Image.open(upload, formats=formats) as original:
            if original.width * original.height > 100_000_000:
                raise PhotoRefused("too-many-pixels")
            original.draft("RGB", (2 * PHOTO_SIDE, 2 * PHOTO_SIDE))  # a JPEG decodes at a fraction of its size
            image = ImageOps.exif_transpose(original).convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoRefused("not-an-image") from exc
    name = f"{uuid.uuid4().hex}.jpg"
    large, (width, height) = _jpeg(image, PHOTO_SIDE)
    with transaction.atomic():
        # Two uploads at once count the photos one after the other.
        Listing.objects.select_for_update().filter(pk=listing.pk).first()
        if listing.photos.count() >= MAX_PHOTOS:
            raise PhotoRefused("too-many")
        photo = Photo(listing=listing, width=width, height=height)
        photo.image.save(name, ContentFile(large), save=False)
        photo.thumb.save(f"t-{name}", ContentFile(_jpeg(image, THUMB_SIDE)[0]), save=False)
        photo.width, photo.height = width, height
        photo.save()
    return photo


def remove_photo(photo: Photo) -> None:
    photo.image.delete(save=False)
    photo.thumb.delete(save=False)
    photo.delete()


# --- requests ------------------------------------------------------------------------------


def _language_of(request: RentalRequest) -> str:
    tenant = request.household if request.household is not None else request.user
    return getattr(tenant, "language", "") or "ru"


def send_request(
    *, listing: Listing, move_in: dt.date, message: str, household: Any = None, user: Any = None
) -> RentalRequest:
    """A tenant asks for a published listing; a second press gives back the open request."""
    if listing.status != ListingStatus.PUBLISHED:
        raise Refused("not-published")
    if user is not None and user.pk == listing.landlord_id:
        raise Refused("own-listing")
    if move_in < listing.available_from:
        raise Refused("too-early")
    try:
        with transaction.atomic():
            request = RentalRequest.objects.create(
                listing=listing, household=household, user=user, move_in=move_in, message=message
            )
            notify.enqueue(
                key=f"rental:{request.public_id}:asked", template="rental_asked_landlord",
                language=getattr(listing.landlord, "language", "") or "ru",
                to_user=listing.landlord, context={"listing": str(listing.public_id), "link": "rental-landlord"},
            )  # fmt: skip
    except IntegrityError:
        tenant = {"household": household} if household is not None else {"user": user}
        found = RentalRequest.objects.filter(listing=listing, status=RequestStatus.PENDING, **tenant).first()
        if found is None:
            raise
        return found
    return request


def _tell_tenant(request: RentalRequest, accepted: bool) -> None:
    notify.enqueue(
        key=f"rental:{request.public_id}:answered", template="rental_answered_tenant", language=_language_of(request),
        to_household=request.household, to_user=request.user,
        context={"request": str(request.public_id), "accepted": accepted, "link": "rental-tenant"},
    )  # fmt: skip


@transaction.atomic
def answer_request(*, request: RentalRequest, accept: bool) -> RentalRequest:
    """The landlord's answer. Yes lets the flat: the tenant sees the address from now on,
    the listing leaves the search, and the other tenants waiting are told no. The
    listing's row is locked first, so two yeses at once let it once."""
    listing = Listing.objects.select_for_update().get(pk=request.listing_id)
    request = RentalRequest.objects.select_for_update().select_related("listing").get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise Refused("answered")
    if accept and listing.status != ListingStatus.PUBLISHED:
        raise Refused("not-published")
    now = timezone.now()
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.answered_at = now
    request.save(update_fields=["status", "answered_at"])
    _tell_tenant(request, accept)
    if accept:
        Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.WITHDRAWN, hold=Hold.NONE)
        for other in RentalRequest.objects.filter(listing=listing, status=RequestStatus.PENDING):
            other.status, other.answered_at = RequestStatus.DECLINED, now
            other.save(update_fields=["status", "answered_at"])
            _tell_tenant(other, False)
    return request


def withdraw_request(request: RentalRequest) -> RentalRequest:
    if not RentalRequest.objects.filter(pk=request.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.WITHDRAWN, answered_at=timezone.now()
    ):
        raise Refused("answered")
    request.refresh_from_db()
    return request


def tenant_contact(*, request: RentalRequest, viewer: Any) -> str:
    """How the landlord reaches the tenant they said yes to (audited, like every contact)."""
    if request.household is not None:
        household = request.household
        found = household.contact_telegram or household.contact_phone or household.contact_email
    else:
        found = request.user.email if request.user is not None else ""
    audit.record(
        actor=viewer, action=Action.REVEALED_CONTACT, subject_kind="rental-tenant",
        subject_id=str(request.public_id), region=request.listing.region, detail="to the landlord who said yes",
    )  # fmt: skip
    return str(found or "")


def record_address_view(*, request: RentalRequest, viewer: Any) -> None:
    """The landlord's address shown to the accepted tenant: audited like every contact."""
    audit.record(
        actor=viewer, action=Action.REVEALED_CONTACT, subject_kind="listing-address",
        subject_id=str(request.listing.public_id), region=request.listing.region, detail="to the accepted tenant",
    )  # fmt: skip


# --- reports -------------------------------------------------------------------------------


def report_rent(*, region: Any, district: Any, rooms: int, rent: Any, currency: str, month: dt.date) -> RentReport:
    return RentReport.objects.create(
        region=region, district=district, rooms=rooms, rent=rent, currency=currency, month=month.replace(day=1)
    )


def report_discrimination(*, listing: Listing, kind: str, text: str) -> DiscriminationReport:
    return DiscriminationReport.objects.create(listing=listing, kind=kind, text=text)


@transaction.atomic
def handle_report(*, report: DiscriminationReport, by: Any, confirm: bool, note: str) -> DiscriminationReport:
    """Confirm or dismiss; the landlord's ``HAVEN_RENTAL_SUSPEND_AFTER``-th confirmed report
    suspends them and takes all their listings down."""
    report = DiscriminationReport.objects.select_for_update().select_related("listing").get(pk=report.pk)
    # The landlord's row first: two coordinators confirming at once count one after the other.
    LandlordProfile.objects.select_for_update().filter(pk=_stored_profile(report.listing.landlord).pk).first()
    if report.status != ReportStatus.OPEN:
        raise Refused("handled")
    report.status = ReportStatus.CONFIRMED if confirm else ReportStatus.DISMISSED
    report.handled_by, report.note, report.handled_at = by, note, timezone.now()
    report.save(update_fields=["status", "handled_by", "note", "handled_at"])
    landlord = report.listing.landlord
    audit.record(
        actor=by, action=Action.RENTAL, subject_kind="rental-report", subject_id=str(report.public_id),
        region=report.listing.region, detail="confirmed" if confirm else "dismissed",
    )  # fmt: skip
    if confirm and report.kind == ReportKind.AD and report.listing.status == ListingStatus.PUBLISHED:
        # The ad itself excludes people: off the search until it is rephrased.
        Listing.objects.filter(pk=report.listing_id).update(
            status=ListingStatus.HELD, hold=Hold.DISCRIMINATION, review_note=note, reviewed_by=by
        )
    confirmed = DiscriminationReport.objects.filter(listing__landlord=landlord, status=ReportStatus.CONFIRMED).count()
    if confirm and confirmed >= settings.HAVEN_RENTAL_SUSPEND_AFTER:
        suspend_landlord(landlord=landlord, by=by)
    return report


def suspend_landlord(*, landlord: Any, by: Any) -> None:
    profile = LandlordProfile.objects.select_for_update().get(pk=_stored_profile(landlord).pk)
    if profile.suspended_at is None:
        profile.suspended_at = timezone.now()
        profile.save(update_fields=["suspended_at"])
    listings = Listing.objects.filter(landlord=landlord).exclude(status=ListingStatus.WITHDRAWN)
    listings.update(status=ListingStatus.SUSPENDED)
    RentalRequest.objects.filter(listing__landlord=landlord, status=RequestStatus.PENDING).update(
        status=RequestStatus.DECLINED, answered_at=timezone.now()
    )
    audit.record(
        actor=by, action=Action.RENTAL, subject_kind="landlord", subject_id=str(landlord.pk), detail="suspended"
    )
