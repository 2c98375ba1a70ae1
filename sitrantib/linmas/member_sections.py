"""Sections that modules above the register add to the member page, without linmas importing them.

A module registers a provider once (in its `AppConfig.ready`):

    register_member_section("trainings.history", member_history_section, order=10)

`provider(member, request)` returns `(template_name, context)` to show a section, or None to
show nothing (the viewer may not see it, or it does not apply). The member page renders every
section in order, each template with its own context and the request; a provider must run a
fixed number of queries whatever the member's records (the page's query-count test).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from sitrantib.linmas.models import Member

SectionProvider = Callable[[Member, HttpRequest], tuple[str, Mapping[str, Any]] | None]


@dataclass(frozen=True)
class _Section:
    key: str
    provider: SectionProvider
    order: int


_SECTIONS: dict[str, _Section] = {}


def register_member_section(key: str, provider: SectionProvider, *, order: int = 100) -> None:
    """Add a section to the member page (once per key; registering the same again is a no-op)."""
    section = _Section(key=key, provider=provider, order=order)
    existing = _SECTIONS.get(key)
    if existing is not None and existing != section:
        raise ValueError(f"Member section {key!r} is registered twice")
    _SECTIONS[key] = section


def unregister_member_section(key: str) -> None:
    """Remove a section (tests register their own and remove it again)."""
    _SECTIONS.pop(key, None)


def registered_sections() -> list[str]:
    """The keys of the registered sections, in page order."""
    return [s.key for s in _in_order()]


def _in_order() -> list[_Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def render_member_sections(member: Member, request: HttpRequest) -> list[str]:
    """The HTML of every section the providers give for this member and viewer, in order."""
    rendered: list[str] = []
    for section in _in_order():
        given = section.provider(member, request)
        if given is None:
            continue
        template_name, context = given
        context = {**context, "member": member, "section_key": section.key}
        # render_to_string gives a SafeString: the page prints it as it is.
        rendered.append(render_to_string(template_name, context, request))
    return rendered
