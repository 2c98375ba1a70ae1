from django.http import HttpRequest

from sitrantib.core.navigation import admin_menu, menu
from sitrantib.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main menu, the administration entries and the viewer's scope, for the layout."""
    scope = scope_of(getattr(request, "user", None))
    administration = admin_menu(scope, request.path)
    return {
        "main_menu": menu(request.path),
        "admin_menu": administration,
        "admin_menu_active": any(active for _entry, _url, active in administration),
        "scope": scope,
    }
