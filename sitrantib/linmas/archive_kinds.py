"""The LINMAS documents kept in the archive of issued documents (core.archive, ADR 0100).

A run of KTA cards is final when every card in it is (`exports.card_is_final`: its number and a
validity not yet past) and its QR codes open on phones (not this laptop's address): the cards
view then hands out `issue_once(...)` for that set of members. A run holding a draft card is
printed DRAF and never archived. Read as the cards are printed (ADR 0010, writers only): the
section's administrator, and a desa operator the runs of its own desa.
"""

import hashlib
from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from sitrantib.core.archive import kind_for_roles, register_document_kind
from sitrantib.core.enums import Role
from sitrantib.linmas.models import Member

CARDS = register_document_kind(
    kind_for_roles(
        key="linmas.cards",
        title=_("Kartu tanda anggota (KTA) LINMAS"),
        roles={Role.TRANTIB_ADMIN},
        village_roles={Role.VILLAGE_OPERATOR},
    )
)


def cards_subject(members: Sequence[Member]) -> str:
    """The subject of a card run: the set of its members (the same set, the same subject)."""
    ids = ",".join(str(pk) for pk in sorted(m.pk for m in members))
    return f"cards:{len(members)}:{hashlib.sha256(ids.encode()).hexdigest()[:40]}"
