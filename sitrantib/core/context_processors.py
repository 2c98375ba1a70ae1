from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from sitrantib.core.navigation import admin_menu, menu, menu_bar_html
from sitrantib.core.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu bar (rendered once per key and kept, core.navigation.menu_bar_html), and for
    the templates that ask, the main menu, the administration entries and the viewer's scope.

    Everything is computed when a template first reads it, so a page that only shows the menu
    bar builds nothing else (docs/adr/0107).
    """
    path = request.path
    scope = SimpleLazyObject(lambda: scope_of(getattr(request, "user", None)))
    administration = SimpleLazyObject(lambda: admin_menu(scope, path))
    return {
        "menu_bar": SimpleLazyObject(lambda: menu_bar_html(scope, path)),
        "main_menu": SimpleLazyObject(lambda: menu(path)),
        "admin_menu": administration,
        "admin_menu_active": SimpleLazyObject(
            lambda: any(active for _entry, _url, active in administration)
        ),
        "scope": scope,
    }
