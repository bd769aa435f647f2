"""The upload page and the import log (HR only)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from naervaer.accounts.models import Role
from naervaer.accounts.selectors import user_role
from naervaer.accounts.services import audit_record
from naervaer.imports.forms import ImportUploadForm
from naervaer.imports.models import ImportBatch
from naervaer.imports.services import import_files
from naervaer.metrics.services import cube_refresh


def _require_hr(request: HttpRequest) -> None:
    if user_role(request.user) != Role.HR:
        raise PermissionDenied("Kun HR kan importere data.")


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
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
            if result.batch is not None:
                cube_refresh(as_of=dt.date.today())
                audit_record(user=request.user, action="import", object_type="import_batch",
                             object_id=result.batch.pk, detail={"counts": result.counts})
    else:
        form = ImportUploadForm()
    status = 400 if result is not None and not result.ok else 200
    return render(request, "imports/upload.html", {"form": form, "result": result}, status=status)


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    _require_hr(request)
    recent = ImportBatch.objects.select_related("created_by")[:200]
    return render(request, "imports/batches.html", {"batches": recent})
