from sitrantib.core.scoping import EMPTY_SCOPE, Scope, restrict, scope_of
from sitrantib.regions.models import Village


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


def test_superuser_is_national(world):
    scope = scope_of(world.superuser)

    assert scope.national
    assert scope.covers_district("35.08.06")
    assert (
        restrict(
            Village.objects.all(), scope, district_field="district", village_field="code"
        ).count()
        == 3
    )


def test_partner_scope_carries_the_institution(world):
    assert scope_of(world.partner) == Scope(
        role="partner", district_codes=frozenset({"35.08.07"}), institution_id=world.polsek.pk
    )
