"""The upload page and the import log (HR only)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import user_role
from naervaer.imports.forms import ImportUploadForm
from naervaer.imports.models import ImportBatch
from naervaer.imports.services import import_files
from naervaer.metrics.services import cube_refresh


def _require_hr(request: HttpRequest) -> None:
    if user_role(request.user) != Role.HR:
        raise PermissionDenied("Kun HR kan importere data.")


# Room for the multipart framing and the form's other fields around the files.
_REQUEST_OVERHEAD_BYTES = 1024 * 1024


def _request_too_large(request: HttpRequest) -> int | None:
    """The announced body size when it is over the upload limit, else None."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None  # Django reads no body without a valid length
    limit = settings.NAERVAER_MAX_UPLOAD_BYTES + _REQUEST_OVERHEAD_BYTES
    return length if length > limit else None


def _refused(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "imports/upload.html",
                  {"form": ImportUploadForm(), "result": None, "refused": message}, status=status)


# CSRF is checked by the inner view: the middleware's check would read the whole body
# before the size guard below could refuse it (Django's documented pattern for views
# that must act before the upload is parsed).
@csrf_exempt
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    if request.method == "POST" and (length := _request_too_large(request)) is not None:
        limit = settings.NAERVAER_MAX_UPLOAD_BYTES
        return _refused(request, _(
            "Upload afvist: forespørgslen fylder %(size).1f MB; grænsen er %(limit).0f MB. "
            "Importér store udtræk med kommandoen »naervaer import«."
        ) % {"size": length / 1e6, "limit": limit / 1e6}, 413)
    try:
        return _upload(request)
    except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, MultiPartParserError):
        return _refused(request, _(
            "Upload afvist: forespørgslen kunne ikke læses (for mange eller for store felter, "
            "eller en afbrudt overførsel). Prøv igen."), 400)


@csrf_protect
def _upload(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(upload.name or "", upload.read()) for upload in form.cleaned_data["files"]]
            result = import_files(
                files=files, source=ImportBatch.Source.UPLOAD, user=request.user,
                dry_run=form.cleaned_data["dry_run"],
                replace_absences_from=form.cleaned_data["replace_absences_from"],
            )
            if result.batch is not None:  # the import service wrote the audit event
                cube_refresh(as_of=dt.date.today())
    else:
        form = ImportUploadForm()
    status = 400 if result is not None and not result.ok else 200
    return render(request, "imports/upload.html", {"form": form, "result": result}, status=status)


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    recent = ImportBatch.objects.select_related("created_by")[:200]
    return render(request, "imports/batches.html", {"batches": recent})
