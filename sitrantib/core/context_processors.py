from django.http import HttpRequest

from sitrantib.core.navigation import menu
from sitrantib.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, object]:
    """The main menu and the viewer's scope, for the layout."""
    return {"main_menu": menu(request.path), "scope": scope_of(getattr(request, "user", None))}
