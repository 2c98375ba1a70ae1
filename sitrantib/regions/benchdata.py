"""Region data for benchmarks and tests: a small chain built directly, no reference files.

Benchmarks import it from here and the test helpers re-export it (production code never imports
test helpers). Models are imported inside the builders: the root conftest imports this module
before Django is set up.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrantib.regions.models import District


def make_region_tree(
    *, district_code: str = "35.08.07", villages: Iterable[tuple[str, str]] = ()
) -> "District":
    """A provinsi > kabupaten > kecamatan chain with the given desa; returns the District."""
    from sitrantib.regions.models import District, Province, Regency, Village

    prov_code, reg_code = district_code[:2], district_code[:5]
    province, _ = Province.objects.get_or_create(
        code=prov_code, defaults={"name": f"Provinsi {prov_code}"}
    )
    regency, _ = Regency.objects.get_or_create(
        code=reg_code,
        defaults={"name": f"Kabupaten {reg_code}", "province": province, "kind": "kabupaten"},
    )
    district, _ = District.objects.get_or_create(
        code=district_code, defaults={"name": f"Kecamatan {district_code}", "regency": regency}
    )
    for code, name in villages:
        Village.objects.get_or_create(
            code=code, defaults={"name": name, "district": district, "kind": "desa"}
        )
    return district
