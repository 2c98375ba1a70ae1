"""The named shapes of the access matrix's rules: what each viewer class gets on a page of a
kind (public, signed in, an administrators' tool, a kecamatan record, a meeting, a survey, a
training, LINMAS, ...), shared by the page rules (`rules.py`, `rules_trainings.py`) and the API
rules (`api.py`)."""

from __future__ import annotations

from sitrantib.testing.access_vocabulary import DENY, HIDE, NOT_ALLOWED, OK, shape

# Named shapes. Read the columns as: the kecamatan's roles (admin, camat, staff), the desa
# operators (own desa, other desa), the partners (involved, not involved), the other kecamatan,
# the wide coverages, the superuser without role, the anonymous visitor.
PUBLIC = shape(OK, anonymous=OK)
SIGNED_IN = shape(OK)  # every account; the page shows only what the viewer's scope holds
POST_ONLY = shape(NOT_ALLOWED)  # an action: GET is refused, the rule is in `post`
# A tool of every administrator, each on their own scope (users, data quality, new meeting).
ADMINS = shape(DENY, admin=OK, outsider=OK, national=OK, regency=OK)
# The kecamatan's own settings and registers: a wide coverage has no kecamatan of its own.
KECAMATAN_ADMIN = shape(DENY, admin=OK, outsider=OK)
# A kecamatan-wide record (plan, budget line) the kecamatan's roles read; desa and partners not.
KECAMATAN_RECORD = shape(HIDE, admin=OK, camat=OK, staff=OK, national=OK, regency=OK)
# Its form: the administrators change it, Camat and staff only read (403).
ADMIN_RECORD = shape(HIDE, admin=OK, camat=DENY, staff=DENY, national=OK, regency=OK)
# A meeting the Polsek was invited to (ADR 0020): the partner involved reads it.
MEETING_RECORD = shape(HIDE, admin=OK, camat=OK, staff=OK, partner=OK, national=OK, regency=OK)
MEETING_ADMIN = shape(HIDE, admin=OK, camat=DENY, staff=DENY, partner=DENY, national=OK, regency=OK)
# Surveys are the administrators' and the Camat's (ADR 0033).
SURVEY_RECORD = shape(HIDE, admin=OK, camat=OK, national=OK, regency=OK)
SURVEY_ADMIN = shape(HIDE, admin=OK, camat=DENY, national=OK, regency=OK)
SURVEY_TOOL = shape(HIDE, admin=OK, outsider=OK, national=OK, regency=OK)
# A training of the kecamatan: the administrators change it, every reader of the kecamatan
# sees it (403), an uninvolved partner and the other kecamatan do not (404).
TRAINING_ADMIN = shape(
    DENY,
    admin=OK,
    partner_other=HIDE,
    outsider=HIDE,
    national=OK,
    regency=OK,
    superuser=HIDE,
)
# Its participants, attendance, scores, completion, certificates: the kecamatan's roles and the
# desa operators (each sees its own desa's people); partners not.
TRAINING_RECORDS = shape(
    HIDE,
    admin=OK,
    camat=OK,
    staff=OK,
    operator=OK,
    operator_other=OK,
    national=OK,
    regency=OK,
)
# Its money sheets and report: the kecamatan's roles only.
TRAINING_MONEY = shape(
    HIDE,
    admin=OK,
    camat=OK,
    staff=OK,
    operator=DENY,
    operator_other=DENY,
    national=OK,
    regency=OK,
)
# LINMAS (ADR 0010): operators and administrators write, Camat and staff read, partners neither.
LINMAS_WRITERS = shape(OK, camat=DENY, staff=DENY, partner=DENY, partner_other=DENY, superuser=DENY)
LINMAS_READERS = shape(OK, partner=DENY, partner_other=DENY, superuser=DENY)
# A record of the operator's desa: its operator and the administrators change it.
DESA_RECORD_WRITE = shape(
    DENY, admin=OK, operator=OK, operator_other=HIDE, outsider=HIDE, national=OK, regency=OK
)
BUDGET_READERS = shape(DENY, admin=OK, camat=OK, staff=OK, outsider=OK)
USER_ADMIN = shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK)
API_SIGNED_IN = SIGNED_IN
API_KECAMATAN_RECORD = KECAMATAN_RECORD
API_MEETING_RECORD = MEETING_RECORD
API_SURVEY_RECORD = SURVEY_RECORD
