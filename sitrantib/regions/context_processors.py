from django.http import HttpRequest

from sitrantib.regions.selectors import office_for_request


def office(request: HttpRequest) -> dict[str, object]:
    """The office whose letterhead heads every page."""
    return {"office": office_for_request(request)}
