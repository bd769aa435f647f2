def navigation(request):  # placeholder, replaced by the web shell
    return {}
