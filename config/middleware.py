"""Response headers that every page of the portal carries, whatever app serves it."""

from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path

from config import health

# The URL prefixes (config/urls.py) of pages that show one person's or officials' data: the
# operator space, the account pages and the admin (unpublished figures). With the language
# prefix of i18n_patterns removed first, so that /ar/space/ counts as /space/.
PRIVATE_PREFIXES = ("/space/", "/accounts/", "/admin/")


class CrossOriginResourcePolicyMiddleware:
    """Other sites may link to the portal, but not embed its pages, files or exports as
    resources (scripts, images, fetches from their own pages): `same-origin`. The open data
    stays downloadable by any program; only browsers obey the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


def is_private_path(path: str) -> bool:
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        path = path[len(language) + 1 :]
    return path.startswith(PRIVATE_PREFIXES)


class PrivatePagesMiddleware:
    """Pages under PRIVATE_PREFIXES are never stored, neither by a shared cache nor by the
    browser (a shared computer's back button): `Cache-Control: private, no-store`. Public pages
    keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_private_path(request.path_info):
            patch_cache_control(response, private=True, no_store=True)
        return response


class HealthCheckMiddleware:
    """`/healthz` answered first of all, as a health check must be: over plain HTTP, whatever
    the Host header (the proxy or the container runtime asks for 127.0.0.1 or a container's
    name, which ALLOWED_HOSTS need not list), with no language prefix, session or redirect.
    JSON, 200 when every part is well, 503 naming the part that is not (config/health.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != "/healthz":
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        states = health.portal_health()
        well = health.is_well(states)
        response = JsonResponse(
            {"status": "ok" if well else "failing", "checks": states}, status=200 if well else 503
        )
        patch_cache_control(response, no_store=True)
        return response
