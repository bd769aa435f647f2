"""Placeholder for pages under construction (removed when every page exists)."""

from django.http import Http404, HttpRequest, HttpResponse


def not_yet(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404("Siden findes ikke endnu.")
