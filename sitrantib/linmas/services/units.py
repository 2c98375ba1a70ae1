"""Squads and equipment of a desa: squads and their leader, stock and need per item type, items
handed to and returned by a member.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.accounts.models import User
from sitrantib.core.audit import save_changes, save_new
from sitrantib.linmas.models import EquipmentIssue, EquipmentType, Member, Squad, VillageEquipment
from sitrantib.linmas.services.common import members_changed, require_village
from sitrantib.regions.models import Village

MESSAGE_LEADER_OTHER_VILLAGE = gettext_noop("Komandan regu harus anggota desa yang sama.")


@transaction.atomic
def save_squad(
    *,
    village: Village,
    name: str,
    order: int = 0,
    leader: Member | None = None,
    actor: User,
    squad: Squad | None = None,
    expected_version: int | None = None,
) -> Squad:
    """Create a squad in `village`, or change `squad`'s name, order and leader.

    Refuses an actor who may not write in the desa, a leader of another desa, a name already
    used in the desa, and (StaleVersion) a change against an older version.
    """
    require_village(actor, village.code)
    if leader is not None and leader.village_id != village.code:
        raise ValidationError({"leader": [_(MESSAGE_LEADER_OTHER_VILLAGE)]})
    values = {"name": name.strip(), "order": order, "leader": leader}
    if squad is None:
        return save_new(Squad(village=village, **values), actor=actor)
    save_changes(squad, values, actor=actor, expected_version=expected_version)
    return squad


@transaction.atomic
def set_equipment(
    *,
    village: Village,
    item_type: EquipmentType,
    good: int,
    damaged: int,
    required: int,
    actor: User,
    note: str = "",
    expected_version: int | None = None,
) -> VillageEquipment:
    """Record the stock (by condition) and the need for one item type in one desa.

    Creates the row the first time, changes it afterwards. Refuses an actor who may not write in
    the desa and (StaleVersion) a change against an older version.
    """
    require_village(actor, village.code)
    values = {"good": good, "damaged": damaged, "required": required, "note": note}
    stock = VillageEquipment.objects.filter(village=village, item_type=item_type).first()
    if stock is None:
        stock = save_new(
            VillageEquipment(village=village, item_type=item_type, **values), actor=actor
        )
    else:
        save_changes(stock, values, actor=actor, expected_version=expected_version)
    members_changed(village_codes=[village.code])
    return stock


@transaction.atomic
def issue_equipment(
    *, member: Member, item_type: EquipmentType, quantity: int, issued_on: dt.date, actor: User
) -> EquipmentIssue:
    """Record items handed to a member. Refuses an actor who may not write in the desa."""
    require_village(actor, member.village_id)
    issue = EquipmentIssue(
        member=member,
        item_type=item_type,
        quantity=quantity,
        issued_on=issued_on,
    )
    return save_new(issue, actor=actor)


@transaction.atomic
def return_equipment(
    *,
    issue: EquipmentIssue,
    returned_on: dt.date,
    actor: User,
    expected_version: int | None = None,
) -> EquipmentIssue:
    """Record the date the member handed the items back.

    Refuses an actor who may not write in the desa and (StaleVersion) an older version.
    """
    require_village(actor, issue.member.village_id)
    save_changes(
        issue, {"returned_on": returned_on}, actor=actor, expected_version=expected_version
    )
    return issue
