"""The notice preferences page: leaders and HR choose one e-mail per task or a weekly
digest, and see the address their notices go to."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from naervaer.accounts.selectors import role_sees_persons
from naervaer.notices.forms import NoticePreferenceForm
from naervaer.notices.models import NoticePreference


@login_required
def notice_preferences(request: HttpRequest) -> HttpResponse:
    if not role_sees_persons(request.user):
        raise PermissionDenied
    user = cast(User, request.user)  # login_required
    preference = NoticePreference.objects.filter(user=user).first() or NoticePreference(user=user)
    form = NoticePreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dine indstillinger for advis er gemt."))
        return redirect("notice-preferences")
    return render(request, "notices/preferences.html",
                  {"form": form, "email": user.email})
