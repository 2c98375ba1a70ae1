"""The field maps in a real browser with no tile server reachable: desa shapes and Poskamling /
incident points are drawn from the site's own GeoJSON, and a point picked by clicking the map
fills the Poskamling form."""

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from sitrantib.fieldwork.models import Post
from sitrantib.fieldwork.tests.factories import make_incident, make_post, moment
from sitrantib.regions.models import VillageBoundary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UNREACHABLE_TILES = "https://tiles.example.invalid/{z}/{x}/{y}.png"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


def _square(lon, lat, size=0.02):
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lon, lat],
                [lon + size, lat],
                [lon + size, lat + size],
                [lon, lat + size],
                [lon, lat],
            ]
        ],
    }


@pytest.fixture
def mapped(world, settings):
    """Two desa with shapes side by side; a tile server is named but cannot be reached."""
    settings.SITRANTIB_MAP_TILE_URL = UNREACHABLE_TILES
    for village, lon in ((world.village, 113.20), (world.sibling_village, 113.22)):
        VillageBoundary.objects.create(
            village=village,
            geometry=_square(lon, -8.22),
            centroid_lon=lon + 0.01,
            centroid_lat=-8.21,
            estimated_area_km2=Decimal("4.9"),
            source="uji",
        )
    return world


def _offline_except(page: Page, live_server) -> list[str]:
    """Refuse every request that is not to the site itself (tiles, fonts, anything)."""
    blocked: list[str] = []
    own = urlparse(live_server.url).netloc

    def handle(route):
        if urlparse(route.request.url).netloc == own:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def test_the_poskamling_map_draws_shapes_and_posts_without_tiles(
    page: Page, live_server, login, mapped
):
    world = mapped
    make_post(world, name="Pos Krajan", latitude="-8.210", longitude="113.210")
    make_post(world, name="Pos Kulon", latitude="-8.205", longitude="113.205", is_active=False)
    make_post(
        world,
        village=world.sibling_village,
        name="Pos Kraton",
        latitude="-8.210",
        longitude="113.230",
    )
    make_post(world, name="Pos Tanpa Titik")
    _offline_except(page, live_server)
    login(page, world.admin)
    page.goto(f"{live_server.url}/lapangan/pos/")

    the_map = page.locator("#post-map")
    expect(the_map).to_have_attribute("data-loaded", "yes")
    expect(the_map).to_have_attribute("data-boundaries-loaded", "2")
    expect(the_map.locator("path.field-map-village")).to_have_count(2)
    expect(the_map.locator("path.field-map-post")).to_have_count(3)
    expect(the_map.locator("path.field-map-post-inactive")).to_have_count(1)
    expect(the_map.locator(".village-label", has_text="Darungan")).to_be_visible()
    expect(the_map.locator(".field-map-legend")).to_contain_text("Poskamling")

    # Filtered to one desa: its posts only, the map fitted to it.
    page.select_option("#id_desa", world.village.code)
    page.get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(r"desa=" + re.escape(world.village.code)))
    the_map = page.locator("#post-map")
    expect(the_map).to_have_attribute("data-points-loaded", "2")
    expect(the_map.locator("path.field-map-post")).to_have_count(2)
    expect(the_map.locator("path.field-map-village-focus")).to_have_count(1)

    # A marker's popup leads to its Poskamling.
    the_map.locator("path.field-map-post").first.dispatch_event("click")
    popup = the_map.locator(".field-map-popup")
    expect(popup).to_contain_text("Darungan")
    popup.get_by_role("link", name="Buka").click()
    expect(page.locator("h1")).to_have_text(re.compile(r"Pos K(rajan|ulon)"))


def test_the_desa_page_map_shows_posts_and_this_months_incidents(
    page: Page, live_server, login, mapped
):
    world = mapped
    make_post(world, name="Pos Krajan", latitude="-8.210", longitude="113.210")
    today = timezone.localdate()
    make_incident(
        world,
        when=moment(dt.date(today.year, today.month, 1), hour=1),
        latitude="-8.212",
        longitude="113.212",
    )
    _offline_except(page, live_server)
    login(page, world.operator)
    page.goto(f"{live_server.url}/lapangan/desa/{world.village.code}/")

    the_map = page.locator("#village-map")
    expect(the_map).to_have_attribute("data-loaded", "yes")
    # The operator's scope: only their own desa's shape is served.
    expect(the_map.locator("path.field-map-village")).to_have_count(1)
    expect(the_map.locator("path.field-map-village-focus")).to_have_count(1)
    expect(the_map.locator("path.field-map-post")).to_have_count(1)
    expect(the_map.locator("path.field-map-incident")).to_have_count(1)
    expect(the_map.locator("path.field-map-incident-open")).to_have_count(1)


def test_clicking_the_map_picks_the_coordinates_of_a_new_post(
    page: Page, live_server, login, mapped
):
    world = mapped
    _offline_except(page, live_server)
    login(page, world.operator)
    page.goto(f"{live_server.url}/lapangan/pos/baru/")

    the_map = page.locator("#pick-map")
    expect(the_map).to_have_attribute("data-loaded", "yes")
    expect(the_map.locator("path.field-map-village")).to_have_count(1)
    box = the_map.bounding_box()
    assert box is not None
    # The middle of the desa's square (the map is fitted to it).
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#id_latitude")).to_have_value(re.compile(r"^-8\.2\d{5}$"))
    expect(page.locator("#id_longitude")).to_have_value(re.compile(r"^113\.2[01]\d{4}$"))
    expect(the_map.locator("path.field-map-picked")).to_have_count(1)

    page.fill("#id_name", "Pos Dipilih di Peta")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("h1")).to_have_text("Pos Dipilih di Peta")
    post = Post.objects.get(name="Pos Dipilih di Peta")
    assert Decimal("-8.22") < post.latitude < Decimal("-8.20")
    assert Decimal("113.20") < post.longitude < Decimal("113.22")
    # The post's page shows it on its small map.
    expect(page.locator("#post-map path.field-map-post")).to_have_count(1)
