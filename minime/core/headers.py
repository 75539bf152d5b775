"""Response headers a personal service owes its users, beyond what Django's SecurityMiddleware sets.

- `Permissions-Policy` on every response: powerful browser features are off for this site and
  anything it embeds; the microphone is allowed for the site itself (dictation in capture).
- `Cache-Control: private, no-store` on every answer to a signed-in request (pages, htmx
  fragments, the JSON API with a session or a token). `private` keeps shared caches (proxies,
  CDNs) from storing one person's tasks and notes; `no-store` keeps them out of the browser's
  disk cache too, so a shared computer holds nothing after sign-out and Back does not show the
  previous person's pages. The cost is that Back refetches signed-in pages.

Static files never reach this header: WhiteNoise answers them further down the chain, before
sessions and authentication, so they keep their long `max-age`. The service worker caches only
those static files and the offline page, which it fetches without cookies, so it is unaffected.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Features a task and notes app never needs, off for this origin and every frame ("=()"). Only
# names Chromium recognises: it warns in the console about any other.
_FEATURES_OFF = (
    "accelerometer",
    "browsing-topics",
    "camera",
    "clipboard-read",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "window-management",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(
    [*(f"{feature}=()" for feature in _FEATURES_OFF), "microphone=(self)"]
)


class SecurityHeadersMiddleware:
    """Adds the headers above. Sits outside WhiteNoise so static files get the policy too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Set by AuthenticationMiddleware for a session, by token authentication for the API;
        # absent when WhiteNoise answered (a static file), which is what keeps those cacheable.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
