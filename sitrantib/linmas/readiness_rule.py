"""The readiness rule (ADR 0015): a desa's headcount, SK and valid KTA weighed against its need.

Pure functions, shared by the page, the stored figures (`VillageReadiness`), the register's
summary sheet and the migration that recounted the stored rows.

- need = the desa's own target where one is set; otherwise members per RT x the RT count of the
  desa's newest statistics (rounded up); otherwise the office's default target; otherwise unknown;
- score = mean of four shares, each capped at 1: active members / need, members with an SK / need,
  members with a valid KTA / need, equipment held in good condition / equipment required (no
  equipment need recorded counts as 0, never as fulfilled);
- level: siap >= 80 %, cukup 50-79 %, kurang < 50 %; "belum ada anggota" without an active member;
  "tidak dapat dinilai" when the need is unknown.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sitrantib.core.formatting import format_number_id
from sitrantib.linmas.enums import ReadinessLevel

# The default number of members each RT needs. UNVERIFIED: no national rule sets a ratio; one
# member per RT is a working default (the KAK trains 180 members for 396 RT). Configurable per
# kecamatan (ReadinessSettings) and by the setting SITRANTIB_LINMAS_MEMBERS_PER_RT.
DEFAULT_MEMBERS_PER_RT = Decimal("1")
READY_FROM = Decimal("0.8")
PARTLY_FROM = Decimal("0.5")

NEED_TARGET = "target"
NEED_RT = "rt"
NEED_DEFAULT = "default"
NEED_UNKNOWN = ""


# The rule in one sentence, on the readiness page (the parameters filled in).
SENTENCE_RT = gettext_noop(
    "Kebutuhan tiap desa = target desa bila ditetapkan, selain itu %(per_rt)s anggota per RT; "
    "kesiapan = rata-rata dari anggota aktif, anggota ber-SK dan anggota ber-KTA berlaku "
    "dibanding kebutuhan itu, serta perlengkapan baik dibanding kebutuhan perlengkapan "
    "(perlengkapan yang belum dicatat dihitung kurang): Siap ≥ 80%%, Cukup 50-79%%, "
    "Kurang < 50%%."
)
SENTENCE_RT_DEFAULT = gettext_noop(
    "Kebutuhan tiap desa = target desa bila ditetapkan, selain itu %(per_rt)s anggota per RT, "
    "atau %(target)s anggota bila jumlah RT belum tercatat; kesiapan = rata-rata dari anggota "
    "aktif, anggota ber-SK dan anggota ber-KTA berlaku dibanding kebutuhan itu, serta "
    "perlengkapan baik dibanding kebutuhan perlengkapan (perlengkapan yang belum dicatat "
    "dihitung kurang): Siap ≥ 80%%, Cukup 50-79%%, Kurang < 50%%."
)
SENTENCE_TARGET = gettext_noop(
    "Kebutuhan tiap desa = target desa bila ditetapkan, selain itu %(target)s anggota; "
    "kesiapan = rata-rata dari anggota aktif, anggota ber-SK dan anggota ber-KTA berlaku "
    "dibanding kebutuhan itu, serta perlengkapan baik dibanding kebutuhan perlengkapan "
    "(perlengkapan yang belum dicatat dihitung kurang): Siap ≥ 80%%, Cukup 50-79%%, "
    "Kurang < 50%%."
)
SENTENCE_TARGET_ONLY = gettext_noop(
    "Kebutuhan tiap desa = target desa yang ditetapkan; kesiapan = rata-rata dari anggota "
    "aktif, anggota ber-SK dan anggota ber-KTA berlaku dibanding kebutuhan itu, serta "
    "perlengkapan baik dibanding kebutuhan perlengkapan (perlengkapan yang belum dicatat "
    "dihitung kurang): Siap ≥ 80%%, Cukup 50-79%%, Kurang < 50%%."
)


@dataclass(frozen=True)
class ReadinessRule:
    """The rule's parameters for one kecamatan."""

    members_per_rt: Decimal
    default_target: int | None = None

    def sentence(self) -> str:
        """The rule in one plain sentence with these parameters."""
        per_rt = format_number_id(self.members_per_rt.normalize(), trim=True)
        values = {"per_rt": per_rt, "target": self.default_target}
        if self.members_per_rt > 0:
            return _(SENTENCE_RT_DEFAULT if self.default_target else SENTENCE_RT) % values
        return _(SENTENCE_TARGET if self.default_target else SENTENCE_TARGET_ONLY) % values


def default_rule() -> ReadinessRule:
    """The parameters of a kecamatan that set none: from the settings, else the defaults."""
    per_rt = getattr(settings, "SITRANTIB_LINMAS_MEMBERS_PER_RT", None)
    target = getattr(settings, "SITRANTIB_LINMAS_DEFAULT_TARGET", None)
    return ReadinessRule(
        members_per_rt=Decimal(str(per_rt)) if per_rt is not None else DEFAULT_MEMBERS_PER_RT,
        default_target=int(target) if target else None,
    )


def need_of(
    *, rt_count: int | None, target: int | None, rule: ReadinessRule
) -> tuple[int | None, str]:
    """(members the desa needs, where the figure comes from), or (None, NEED_UNKNOWN)."""
    if target:
        return target, NEED_TARGET
    if rt_count and rule.members_per_rt > 0:
        return max(math.ceil(rt_count * rule.members_per_rt), 1), NEED_RT
    if rule.default_target:
        return rule.default_target, NEED_DEFAULT
    return None, NEED_UNKNOWN


def _capped(part: int, whole: int) -> Decimal:
    return Decimal(min(part, whole)) / Decimal(whole)


def readiness_score(
    *,
    active: int,
    with_decree: int,
    with_valid_card: int,
    equipment_required: int,
    shortage: int,
    need: int | None,
) -> Decimal | None:
    """Mean of the four shares (each 0-1); None without an active member or without a need."""
    if not active or not need:
        return None
    equipment = (
        Decimal(equipment_required - shortage) / Decimal(equipment_required)
        if equipment_required
        else Decimal(0)
    )
    parts = [
        _capped(active, need),
        _capped(with_decree, need),
        _capped(with_valid_card, need),
        equipment,
    ]
    return sum(parts, Decimal(0)) / len(parts)


def readiness_level(*, active: int, need: int | None, score: Decimal | None) -> str:
    if not active:
        return ReadinessLevel.KOSONG.value
    if not need or score is None:
        return ReadinessLevel.TAK_NILAI.value
    return level_of_score(score)


def level_of_score(score: Decimal) -> str:
    if score >= READY_FROM:
        return ReadinessLevel.SIAP.value
    if score >= PARTLY_FROM:
        return ReadinessLevel.CUKUP.value
    return ReadinessLevel.KURANG.value
