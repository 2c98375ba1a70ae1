from sitrantib.core.enums import Role
from sitrantib.core.scoping import EMPTY_SCOPE, Scope, restrict, scope_of
from sitrantib.regions.models import Village
from sitrantib.testing.factories import make_region_tree


def test_anonymous_and_inactive_users_reach_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    world.camat.is_active = False

    assert scope_of(AnonymousUser()) == EMPTY_SCOPE
    assert scope_of(world.camat) == EMPTY_SCOPE
    assert (
        list(
            restrict(
                Village.objects.all(), EMPTY_SCOPE, district_field="district", village_field="code"
            )
        )
        == []
    )


def test_operator_scope_is_their_villages_only(world):
    scope = scope_of(world.operator)

    assert scope.village_codes == frozenset({"35.08.07.2001"})
    assert scope.covers_village("35.08.07.2001")
    assert not scope.covers_village("35.08.07.2002")
    assert not scope.is_admin


def test_kecamatan_wide_records_are_hidden_from_operators(world):
    scope = scope_of(world.operator)

    assert (
        list(restrict(Village.objects.all(), scope, district_field="district", village_field=None))
        == []
    )


def test_district_roles_cover_every_desa_of_their_kecamatan(world):
    scope = scope_of(world.camat)

    assert scope.covers_village("35.08.07.2002")
    assert not scope.covers_village("35.08.06.2001")
    assert scope.reads_audit
    assert not scope.is_admin


def test_superuser_without_role_or_kecamatan_reaches_nothing(world):
    scope = scope_of(world.superuser)

    assert scope == EMPTY_SCOPE
    assert not scope.is_admin
    assert not scope.covers_district("35.08.07")
    assert (
        restrict(
            Village.objects.all(), scope, district_field="district", village_field="code"
        ).count()
        == 0
    )


def test_superuser_with_role_and_kecamatan_reaches_that_kecamatan_only(world):
    world.superuser.role = Role.TRANTIB_ADMIN
    world.superuser.district = world.district

    scope = scope_of(world.superuser)

    assert not scope.national
    assert scope.district_codes == frozenset({"35.08.07"})
    assert not scope.covers_village("35.08.06.2001")


def test_national_coverage_is_national(world):
    scope = scope_of(world.national)

    assert scope.national
    assert scope.is_admin
    assert scope.covers_district("35.08.06")
    assert (
        restrict(
            Village.objects.all(), scope, district_field="district", village_field="code"
        ).count()
        == 3
    )


def test_regency_coverage_reaches_every_kecamatan_of_the_kabupaten_only(world):
    make_region_tree(district_code="35.09.01", villages=[("35.09.01.2001", "Jauh")])

    scope = scope_of(world.regency_admin)

    assert not scope.national
    assert scope.district_codes == frozenset({"35.08.06", "35.08.07"})
    assert scope.covers_village("35.08.06.2001")
    assert not scope.covers_village("35.09.01.2001")
    assert sorted(
        restrict(
            Village.objects.all(), scope, district_field="district", village_field="code"
        ).values_list("code", flat=True)
    ) == ["35.08.06.2001", "35.08.07.2001", "35.08.07.2002"]


def test_regency_kecamatan_are_read_once_per_user(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        scope_of(world.regency_admin)
        scope_of(world.regency_admin)


def test_partner_scope_carries_the_institution(world):
    assert scope_of(world.partner) == Scope(
        role="partner", district_codes=frozenset({"35.08.07"}), institution_id=world.polsek.pk
    )
