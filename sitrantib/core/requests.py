"""The request of a signed-in user, as the type checker sees it.

Login is the default (`LoginRequiredMiddleware`; the API's permissions ask for a signed-in user
too), so every view that is not marked `@login_not_required` runs for an `accounts.User`, never
for `AnonymousUser`. Django's stubs cannot know that and type `request.user` as either.

- A page view annotates its request as `AuthenticatedRequest`: `request.user` is then a `User`.
- An API view (DRF's `self.request` is typed by the framework) passes `signed_in_user(request)`.

Both are for the type checker only: nothing is checked or converted at run time, the request is the
one Django or DRF made.
"""

from typing import TYPE_CHECKING, cast

from django.http import HttpRequest

if TYPE_CHECKING:
    from sitrantib.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """The `HttpRequest` of a view only signed-in users reach (never instantiated)."""

    user: "User"


def signed_in_user(request: HttpRequest) -> "User":
    """The user of a request a signed-in user made (an API view's `self.request`)."""
    return cast("User", request.user)
