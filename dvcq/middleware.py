from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import check_for_language


class LanguageMiddleware:
    """Vietnamese for everyone unless the user picked another language in the menu.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many commune
    computers run an English browser; the interface must still open in Vietnamese. The language
    holds for the request only: the thread goes back to the one it had, so a request in English
    never leaks into the next one served by the same thread.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen and check_for_language(chosen) else settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class PrivacyHeadersMiddleware:
    """A Permissions-Policy on every response; nothing a logged-in user sees is cached.

    Pages, generated documents and evidence files all name people and units: a shared commune
    computer or a proxy must not keep them after the user logs out. Static files are served by
    WhiteNoise before this middleware and keep their long caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class PageGZipMiddleware(GZipMiddleware):
    """Django's gzip, for pages and other text the app renders; files pass untouched.

    Pages are mostly markup that shrinks five to ten times. Django (4.2+) pads every compressed
    response with random bytes in the gzip header, its mitigation for BREACH. Streamed responses
    are stored uploads and binders: PDFs, photos and ZIP files that do not shrink, whose
    Content-Length lets the browser show a download's progress; they are left as they are, as
    are generated office documents (already ZIP containers). Static files never reach here:
    WhiteNoise, above this middleware, serves them with its own pre-compressed copies.
    """

    compressible = ("text/", "application/json", "application/javascript")

    def process_response(self, request, response):
        if response.streaming:
            return response
        if not response.get("Content-Type", "").startswith(self.compressible):
            return response
        return super().process_response(request, response)
