"""A contact's vCard; the lists' exports are `core.exports.export_view` with the definitions
of `organisations.exports`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from clusterdesk.organisations import exports, selectors, vcard


@require_GET
def contact_vcard(request: HttpRequest, uuid: str) -> HttpResponse:
    contact = selectors.contact_get(user=request.user, uuid=uuid)
    response = HttpResponse(vcard.contact_card(contact), content_type=exports.VCARD_TYPE)
    filename = slugify(str(contact)) or "contact"
    response["Content-Disposition"] = f'attachment; filename="{filename}.vcf"'
    return response
