"""The access rules of the training pages (`trainings:`): the events, sessions, instructors,
participants, attendance, scores, completion, certificates and money sheets. `rules.RULES` holds
them in its place among the other apps' rules."""

from __future__ import annotations

from sitrantib.testing.access_matrix.shapes import (
    ADMINS,
    KECAMATAN_ADMIN,
    POST_ONLY,
    TRAINING_ADMIN,
    TRAINING_MONEY,
    TRAINING_RECORDS,
)
from sitrantib.testing.access_vocabulary import (
    ACCEPT,
    DENY,
    HIDE,
    OK,
    REDIRECT,
    Rule,
    shape,
    writes,
)

TRAINING_RULES: list[Rule] = [
    Rule("trainings:home", shape(OK, superuser=HIDE)),
    Rule("trainings:training_create", ADMINS, post=writes(ADMINS)),
    Rule("trainings:training_detail", shape(OK, partner_other=HIDE, outsider=HIDE, superuser=HIDE)),
    Rule("trainings:training_edit", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule("trainings:training_transition", POST_ONLY, post=writes(TRAINING_ADMIN)),
    Rule("trainings:session_create", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule("trainings:session_edit", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule("trainings:session_delete", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule("trainings:session_assign", POST_ONLY, post=writes(TRAINING_ADMIN)),
    Rule("trainings:instructor_list", shape(OK, superuser=HIDE)),
    Rule("trainings:instructor_create", KECAMATAN_ADMIN, post=writes(KECAMATAN_ADMIN)),
    Rule(
        "trainings:instructor_edit",
        shape(DENY, admin=OK, outsider=HIDE, national=OK, regency=OK, superuser=HIDE),
        post=shape(
            DENY, admin=ACCEPT, outsider=HIDE, national=ACCEPT, regency=ACCEPT, superuser=HIDE
        ),
    ),
    Rule("trainings:settings", KECAMATAN_ADMIN, post=writes(KECAMATAN_ADMIN)),
    Rule("trainings:participants", TRAINING_RECORDS),
    Rule(
        "trainings:enrol_member",
        shape(
            DENY,
            admin=REDIRECT,
            partner_other=HIDE,
            outsider=HIDE,
            national=REDIRECT,
            regency=REDIRECT,
            superuser=HIDE,
        ),
        post=writes(TRAINING_ADMIN),
    ),
    Rule("trainings:enrol_quota", POST_ONLY, post=writes(TRAINING_ADMIN)),
    Rule("trainings:enrol_village", POST_ONLY, post=writes(TRAINING_ADMIN)),
    Rule("trainings:withdraw", TRAINING_ADMIN, post=writes(TRAINING_ADMIN)),
    Rule(
        "trainings:attendance",
        TRAINING_RECORDS,
        post=shape(
            DENY,
            admin=ACCEPT,
            partner=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            national=ACCEPT,
            regency=ACCEPT,
            superuser=HIDE,
        ),
    ),
    Rule(
        "trainings:scores",
        TRAINING_RECORDS,
        post=shape(
            DENY,
            admin=ACCEPT,
            partner=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            national=ACCEPT,
            regency=ACCEPT,
            superuser=HIDE,
        ),
    ),
    Rule("trainings:completion", TRAINING_RECORDS),
    Rule(
        "trainings:certificates",
        TRAINING_RECORDS,
        post=shape(
            DENY,
            admin=ACCEPT,
            partner=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            national=ACCEPT,
            regency=ACCEPT,
            superuser=HIDE,
        ),
    ),
    Rule(
        "trainings:certificate_revoke",
        POST_ONLY,
        post=shape(
            HIDE,
            admin=ACCEPT,
            camat=DENY,
            staff=DENY,
            operator=DENY,
            national=ACCEPT,
            regency=ACCEPT,
        ),
    ),
    Rule(
        "trainings:sheets",
        shape(
            OK,
            operator=DENY,
            operator_other=DENY,
            partner=DENY,
            partner_other=HIDE,
            outsider=HIDE,
            superuser=HIDE,
        ),
    ),
    Rule("trainings:attendance_sheet_pdf", TRAINING_MONEY),
    Rule(
        "trainings:assignment_pdf",
        shape(
            OK,
            operator=DENY,
            operator_other=DENY,
            partner=DENY,
            partner_other=HIDE,
            outsider=HIDE,
            superuser=HIDE,
        ),
    ),
    Rule("trainings:transport_pdf", TRAINING_MONEY),
    Rule("trainings:honorarium_pdf", TRAINING_MONEY),
    Rule(
        "trainings:certificates_pdf",
        shape(
            OK,
            operator_other=REDIRECT,
            partner=HIDE,
            partner_other=HIDE,
            outsider=HIDE,
            superuser=HIDE,
        ),
    ),
    Rule(
        "trainings:certificate_pdf",
        shape(
            OK, operator_other=HIDE, partner=HIDE, partner_other=HIDE, outsider=HIDE, superuser=HIDE
        ),
    ),
    Rule("trainings:report_pdf", TRAINING_MONEY),
    Rule("trainings:report_xlsx", TRAINING_MONEY),
]
