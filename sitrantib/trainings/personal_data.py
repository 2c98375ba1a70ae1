"""What the trainings module holds about one LINMAS member, for the member's data download and
anonymisation (UU 27/2022, docs/adr/0016).

The register does not import this module: it offers `linmas.personal_data`, and
`TrainingsConfig.ready` imports this module, which registers the provider. Three queries whatever
the number of trainings: enrolments with their trainings, attendance marks, certificates.
"""

from collections import defaultdict

from sitrantib.linmas.models import Member
from sitrantib.linmas.personal_data import MemberData, register_personal_data
from sitrantib.trainings.enums import ENROLLING_STATUSES
from sitrantib.trainings.models import AttendanceMark, Certificate, Enrolment

PROVIDER_KEY = "trainings"


def trainings_of_member(member: Member) -> MemberData:
    """Every participation of the member: the training, attendance per session, pre/post scores,
    completion and certificates (revoked ones too); their audit entries; and the trainings still
    enrolling or running, which the member must leave (or finish) before an anonymisation."""
    enrolments = list(
        Enrolment.objects.filter(member=member)
        .select_related("training", "training__kind", "village")
        .order_by("training__starts_on", "pk")
    )
    ids = [e.pk for e in enrolments]
    marks = defaultdict(list)
    for mark in (
        AttendanceMark.objects.filter(enrolment_id__in=ids)
        .select_related("session")
        .order_by("session__date", "session__start_time", "pk")
    ):
        marks[mark.enrolment_id].append(mark)
    certificates = defaultdict(list)
    for certificate in Certificate.objects.filter(enrolment_id__in=ids).order_by("issued_on", "pk"):
        certificates[certificate.enrolment_id].append(certificate)
    data = []
    for e in enrolments:
        training = e.training
        data.append(
            {
                "training": {
                    "id": training.pk,
                    "title": training.title,
                    "kind": training.kind.name,
                    "starts_on": training.starts_on,
                    "ends_on": training.ends_on,
                    "status": training.status,
                },
                "enrolment_id": e.pk,
                "village": e.village.name,
                "method": e.method,
                "pre_score": e.pre_score,
                "post_score": e.post_score,
                "attended_sessions": e.attended_sessions,
                "attendance_percent": e.attendance_percent,
                "completed": e.completed,
                "completion_reason": e.completion_reason,
                "attendance": [
                    {
                        "session_date": m.session.date,
                        "topic": m.session.topic,
                        "status": m.status,
                        "marked_at": m.marked_at,
                    }
                    for m in marks[e.pk]
                ],
                "certificates": [
                    {
                        "number": c.number,
                        "issued_on": c.issued_on,
                        "verification_code": c.verification_code,
                        "revoked_at": c.revoked_at,
                        "revoke_reason": c.revoke_reason,
                    }
                    for c in certificates[e.pk]
                ],
            }
        )
    all_marks = [m for rows in marks.values() for m in rows]
    audit = {
        Enrolment._meta.label_lower: [str(e.pk) for e in enrolments],
        Certificate._meta.label_lower: [str(c.pk) for rows in certificates.values() for c in rows],
        # A new mark's entry is named "session:enrolment", a changed one's by the mark's id.
        AttendanceMark._meta.label_lower: [str(m.pk) for m in all_marks]
        + [f"{m.session_id}:{m.enrolment_id}" for m in all_marks],
    }
    open_items = [
        f"{e.training.title} ({e.training.get_status_display()})"
        for e in enrolments
        if e.training.status in ENROLLING_STATUSES
    ]
    return MemberData(data=data, audit=audit, open_items=open_items)


register_personal_data(PROVIDER_KEY, trainings_of_member)
