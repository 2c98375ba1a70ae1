"""No choice list holds more than a few hundred options (issue 16, part A point 2; ADR 0111).

Every HTML page of the accessibility page list (`a11y.PAGES`, with its scene) is rendered as the
national administrator and as the administrator of a kabupaten, in a world wide enough that a
`<select>` or `<datalist>` of every desa, kecamatan, kabupaten, squad, member, meeting or
institution they read would exceed `MAX_OPTIONS` (`sitrantib/testing/choices.py`). A choice
among that many is a search-as-you-type field backed by a scoped endpoint (core/autocomplete.py).
"""

import time
from typing import Any

import pytest

from sitrantib.testing.a11y import PAGES, build_scene
from sitrantib.testing.choices import (
    MAX_OPTIONS,
    build_wide_world,
    choice_lists,
    is_html,
    oversized_choice_lists,
)
from sitrantib.testing.responses import release

VIEWERS = ("national", "regency_admin")


def test_choice_lists_are_counted_per_field() -> None:
    html = (
        '<select name="village"><option value="">-</option><option>A</option></select>'
        '<datalist id="names"><option value="x"></datalist>'
        '<select name="kind"><optgroup label="g"><option>1</option></optgroup></select>'
    )

    assert choice_lists(html) == [("select village", 2), ("datalist names", 1), ("select kind", 1)]
    assert oversized_choice_lists(html, limit=1) == ["select village: 2 options"]


@pytest.mark.sweep
@pytest.mark.django_db
def test_no_page_offers_a_choice_list_of_more_than_300_options(client: Any, world: Any) -> None:
    from sitrantib.core.scoping import scope_of
    from sitrantib.linmas.models import Squad
    from sitrantib.regions.models import District, Village
    from sitrantib.regions.selectors import villages_in_scope

    started = time.monotonic()
    scene = build_scene(world)
    wide = build_wide_world(world)
    built = time.monotonic() - started
    # The world is wide enough for every viewer: a list of everything would be oversized.
    assert villages_in_scope(scope=scope_of(world.regency_admin)).count() > MAX_OPTIONS
    assert Village.objects.count() > MAX_OPTIONS
    assert District.objects.count() > MAX_OPTIONS
    assert Squad.objects.filter(village__district__regency_id="35.08").count() > MAX_OPTIONS
    assert min(wide.members, wide.meetings, wide.institutions) > MAX_OPTIONS

    problems: list[str] = []
    rendered = dict.fromkeys(VIEWERS, 0)
    for viewer in VIEWERS:
        client.force_login(getattr(world, viewer))
        for page in PAGES:
            url = page.url(scene)
            response = client.get(url)
            try:
                if response.status_code not in (200, 400) or not is_html(
                    response.get("Content-Type", "")
                ):
                    continue
                rendered[viewer] += 1
                html = response.content.decode()
            finally:
                release(response)
            problems += [
                f"{page.name} ({url}) as {viewer}: {found}"
                for found in oversized_choice_lists(html)
            ]
        client.logout()

    print(
        f"\nchoice lists: {wide.villages} desa, {wide.districts} kecamatan, {wide.regencies} "
        f"kabupaten added; world built in {built:.1f} s; pages rendered {rendered} in "
        f"{time.monotonic() - started:.1f} s"
    )
    # The sweep saw the pages, not only refusals.
    assert min(rendered.values()) >= 60, rendered
    assert problems == [], (
        f"{len(problems)} choice lists hold more than {MAX_OPTIONS} options (make them a search "
        "field, core/autocomplete.py):\n" + "\n".join(problems)
    )


# The shared pieces the fixes use (regions/search.py) ---------------------------------------------


def _search(client: Any, user: Any, key: str, query: str) -> list[str]:
    client.force_login(user)
    response = client.get(f"/sistem/cari/{key}/", {"q": query})
    assert response.status_code == 200
    return [row["label"] for row in response.json()]


@pytest.mark.django_db
def test_kecamatan_kabupaten_and_institution_searches_answer_within_the_scope(
    client: Any, world: Any
) -> None:
    from sitrantib.regions.benchdata import make_region_tree
    from sitrantib.testing.factories import make_institution

    far = make_region_tree(district_code="36.01.01")
    make_institution(district=far, kind="polsek", name="Polsek Jauh")

    assert _search(client, world.regency_admin, "regions.districts", "Kecamatan") == [
        "Kecamatan 35.08.06 (35.08.06)",
        "Kecamatan 35.08.07 (35.08.07)",
    ]
    assert "Kecamatan 36.01.01 (36.01.01)" in _search(
        client, world.national, "regions.districts", "Kecamatan"
    )
    assert _search(client, world.admin, "regions.districts", "36.01.01") == []
    assert _search(client, world.regency_admin, "regions.regencies", "Kabupaten") == [
        "Kabupaten 35.08 (35.08)"
    ]
    assert len(_search(client, world.national, "regions.regencies", "Kabupaten")) == 2
    assert _search(client, world.outsider, "regions.institutions", "Polsek") == []
    assert _search(client, world.admin, "regions.institutions", "Polsek") == [
        "Polsek Yosowilangun (35.08.07)"
    ]


@pytest.mark.django_db
def test_a_wide_choice_becomes_a_search_that_refuses_a_record_outside_it(world: Any) -> None:
    from django import forms

    from sitrantib.core.autocomplete import ModelSearchField
    from sitrantib.regions.models import District
    from sitrantib.regions.search import DISTRICT_SELECT_LIMIT, offer_districts

    class Chooser(forms.Form):
        district = forms.ModelChoiceField(District.objects.none(), label="Kecamatan")

    few = District.objects.filter(code="35.08.07")
    small = Chooser({"district": "35.08.06"})
    offer_districts(small, "district", few)
    assert type(small.fields["district"]) is forms.ModelChoiceField
    assert not small.is_valid()

    regency = world.district.regency
    District.objects.bulk_create(
        District(code=f"35.08.{10 + n}", name=f"Kec {n}", regency=regency)
        for n in range(DISTRICT_SELECT_LIMIT)
    )
    many = District.objects.exclude(code="35.08.06")
    inside = Chooser({"district": "35.08.10"})
    outside = Chooser({"district": "35.08.06"})
    for form in (inside, outside):
        offer_districts(form, "district", many)
        assert isinstance(form.fields["district"], ModelSearchField)
        assert form.fields["district"].label == "Kecamatan"
    assert inside.is_valid()
    assert inside.cleaned_data["district"].code == "35.08.10"
    assert not outside.is_valid()
    assert list(outside.errors) == ["district"]
