"""Takes the user-guide screenshots of the village-document and indicator chapters
(docs/guide/dokumen-desa.md, docs/guide/indikator.md), with the system Chromium, from a SiTrantib
of its own: a throw-away folder (database, files) holding the kecamatan of Kabupaten Lumajang with
their desa boundaries, the 2020 KAK of Yosowilangun loaded and copied to this year, the year's
indicators seeded from it, and records the indicators count — field visits in every month,
incidents, a finished LINMAS training, a coordination meeting with its follow-up, the year's
village-document obligations with documents received on time, late, returned and missing — and a
manual value with its evidence waiting for the Camat. Two other kecamatan get a few indicators
and visits, so the kabupaten's page compares something. Nothing of var/ is touched.

.venv/bin/python scripts/screenshots_indicators.py [PORT]
"""

import datetime as dt
import sys
import uuid
from decimal import Decimal
from types import SimpleNamespace

from screenshot_support import DESKTOP, PHONE, Camera, launch, own_site, served

DISTRICT = "35.08.07"  # Yosowilangun
NEIGHBOURS = ("35.08.06", "35.08.08")  # two other kecamatan of Lumajang, for the kabupaten page


def _moment(day: dt.date, hour: int = 9) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _visits(world: SimpleNamespace, villages: list, year: int, today: dt.date) -> None:
    """Visits every month up to this one: most desa each month, one judged rawan in March."""
    from sitrantib.fieldwork.enums import Situation, VisitKind
    from sitrantib.fieldwork.services import visits

    for month in range(1, today.month + 1):
        for index, village in enumerate(villages):
            if (index + month) % 4 == 0:
                continue  # not every desa every month
            day = dt.date(year, month, min(3 + index * 2, 27))
            if day > today:
                continue
            rawan = month == 3 and index == 2
            visits.create_visit(
                village=village,
                data=visits.VisitInput(
                    kind=VisitKind.ACCOMPANIMENT if index % 3 == 0 else VisitKind.MONITORING,
                    visited_at=_moment(day, 19),
                    situation=Situation.RAWAN if rawan else Situation.KONDUSIF,
                    situation_reason="Dua kali pencurian ternak dalam sepekan" if rawan else "",
                    activity_types=["patrol", "guidance"],
                    findings="Pos aktif, jadwal ronda berjalan, kentongan tersedia.",
                    place="Balai Desa",
                ),
                actor=world.admin,
                client_id=uuid.uuid4(),
            )


def _incidents(world: SimpleNamespace, villages: list, year: int, today: dt.date) -> None:
    from sitrantib.fieldwork.enums import IncidentSource
    from sitrantib.fieldwork.models import IncidentCategory
    from sitrantib.fieldwork.services import incidents

    # Mostly categories that are not "serious" (a serious one left unhandled for a week keeps
    # its desa from "tentram dan tertib"); one serious incident in the last month.
    codes = list(
        IncidentCategory.objects.filter(is_serious=False)
        .order_by("code")
        .values_list("code", flat=True)[:4]
    )
    categories = {c.code: c for c in IncidentCategory.objects.filter(code__in=codes)}
    for month in range(1, today.month + 1):
        for index in range(month % 3 + 1):
            day = dt.date(year, month, 5 + index * 6)
            if day > today:
                continue
            incidents.create_incident(
                village=villages[(month + index) % len(villages)],
                data=incidents.IncidentInput(
                    category=categories[codes[(month + index) % len(codes)]],
                    occurred_at=_moment(day, 22),
                    description="Sepeda motor hilang dari halaman rumah warga pada malam hari.",
                    source=IncidentSource.PATROL,
                    place="Jalan desa",
                ),
                actor=world.admin,
                client_id=uuid.uuid4(),
            )


def _training(world: SimpleNamespace, villages: list, year: int) -> None:
    """A finished basic training: 18 members of six desa, 16 of them completed."""
    from sitrantib.linmas.tests.conftest import make_member
    from sitrantib.trainings import services
    from sitrantib.trainings.tests.factories import make_sessions, make_training, run_training

    training = make_training(
        world,
        title=f"Pelatihan Dasar LINMAS {year}",
        starts_on=dt.date(year, 3, 10),
        ends_on=dt.date(year, 3, 12),
        capacity=40,
    )
    sessions = make_sessions(world, training, 2)
    for serial in range(18):
        member = make_member(
            villages[serial % 6], serial=300 + serial, name=f"Anggota Linmas {serial + 1}"
        )
        services.enrol_member(training=training, member=member, actor=world.admin)
    training = run_training(world, training)
    people = list(training.enrolments.order_by("pk"))
    for index, session in enumerate(sessions):
        marks = {e.pk: "hadir" for e in people}
        if index:
            marks[people[0].pk] = marks[people[1].pk] = "sakit"
        services.mark_attendance(session=session, marks=marks, actor=world.admin)
    services.set_scores(
        training=training, scores={e.pk: (55, 85) for e in people}, actor=world.admin
    )
    services.transition_training(training=training, to_status="finished", actor=world.admin)


def _meetings(world: SimpleNamespace, year: int) -> None:
    """Three coordination meetings with five decisions to follow up; three are done."""
    from sitrantib.meetings.services.minutes import save_minutes
    from sitrantib.meetings.tests.factories import finish, make_item, make_meeting, make_office
    from sitrantib.regions.models import OfficeProfile

    if not OfficeProfile.objects.filter(district=world.district).exists():
        make_office(world.district)  # the reference data usually holds it
    done = 0
    for month in (2, 5, 8):
        meeting = make_meeting(
            world,
            title=f"Rapat Koordinasi FORKOMPIMKA {month:02d}/{year}",
            starts_at=_moment(dt.date(year, month, 10)),
        )
        save_minutes(
            meeting=meeting,
            actor=world.admin,
            summary="Situasi kamtibmas kondusif; patroli gabungan dilanjutkan.",
            minute_taker="Hadi Prasetyo",
        )
        for text in ("Patroli gabungan malam Minggu", "Sosialisasi bahaya petasan")[
            : 1 + month % 2
        ]:
            item = make_item(world, meeting, description=text, due=dt.date(year, month, 28))
            if done < 3:
                finish(world, item)
                done += 1


def _documents(world: SimpleNamespace, villages: list, year: int, today: dt.date) -> dict:
    """The year's obligations; monthly population summaries received on time in most desa, a few
    late, one returned; this year's Perdes APBDes stamped; the rest missing."""
    from sitrantib.villagedocs import services
    from sitrantib.villagedocs.models import Obligation
    from sitrantib.villagedocs.tests.factories import WIB, receive

    services.generate_obligations(district=world.district, year=year, actor=world.admin)
    ids: dict[str, str] = {}
    monthly = Obligation.objects.filter(
        district=world.district, document_type__code="rekap-penduduk", year=year
    ).order_by("due_date", "village_id")
    for obligation in monthly:
        if obligation.due_date >= today:
            continue
        index = [v.code for v in villages].index(obligation.village_id)
        if (index + obligation.due_date.month) % 7 == 0:
            continue  # nothing received: late
        days = 3 if (index + obligation.due_date.month) % 5 else -4  # a few after the deadline
        at = dt.datetime.combine(
            obligation.due_date - dt.timedelta(days=days), dt.time(10, 0), tzinfo=WIB
        )
        returned = index == 1 and obligation.due_date.month == today.month - 1
        receive(
            obligation,
            at,
            actor=world.staff,
            verdict=None if returned else "accepted",
            judge=world.staff,
        )
        if returned:
            submission = obligation.submissions.get()
            services.judge_submission(
                submission=submission,
                accept=False,
                reason="Jumlah penduduk per dusun belum diisi",
                actor=world.staff,
            )
            ids["returned"] = str(obligation.pk)
    perdes = Obligation.objects.filter(
        district=world.district, document_type__code="perdes-apbdes", year=year
    ).order_by("village_id")
    for index, obligation in enumerate(perdes):
        if index < 9:
            at = dt.datetime(year - 1, 12, 20 + index % 8, 9, 0, tzinfo=WIB)
            receive(obligation, at, actor=world.staff, verdict="accepted", judge=world.staff)
    # Darungan's LPPD of last year: uploaded by its operator, waiting for the section's check.
    from sitrantib.villagedocs.tests.factories import pdf_upload

    lppd = Obligation.objects.filter(
        district=world.district, document_type__code="lppd", village=villages[0]
    ).first()
    if lppd is None:
        services.generate_obligations(district=world.district, year=year - 1, actor=world.admin)
        lppd = Obligation.objects.get(
            district=world.district,
            document_type__code="lppd",
            village=villages[0],
            year=year - 1,
        )
    services.submit_document(
        obligation=lppd,
        actor=world.operators[0],
        file=pdf_upload("lppd-darungan.pdf"),
        note="LPPD sudah ditandatangani Kepala Desa",
    )
    ids["pending"] = str(lppd.pk)
    open_one = (
        Obligation.objects.filter(
            district=world.district, village=villages[0], status="open", due_date__gte=today
        )
        .order_by("due_date")
        .first()
    )
    ids["open"] = str(open_one.pk) if open_one else ids["pending"]
    return ids


# The 2020 KAK prints no targets: the section types them in (Definisi -> Ubah).
TARGETS = {
    "desa_peaceful_percent": 90,
    "linmas_trained": 20,
    "desa_monitored": 12,
    "ikm": 80,
    "follow_up_percent": 85,
    "documents_on_time": 85,
    "accompaniment_visits": 30,
    "linmas_guidance": 2,
    "forkompimka_synergy": 4,
}


def _targets(world: SimpleNamespace, year: int) -> None:
    from sitrantib.indicators import services
    from sitrantib.indicators.models import IndicatorDefinition

    for definition in IndicatorDefinition.objects.filter(district=world.district, year=year):
        target = TARGETS.get(definition.calculator, 80 if definition.method == "manual" else None)
        if target is not None and definition.target is None:
            services.update_definition(
                definition=definition,
                data={"target": Decimal(target), "published": definition.position <= 6},
                actor=world.admin,
            )


def _manual_value(world: SimpleNamespace, year: int) -> str:
    """The KAK's manual indicator (no calculator) with this year's value typed and its evidence
    attached, waiting for the Camat's approval."""
    from sitrantib.indicators import selectors, services
    from sitrantib.indicators.models import IndicatorDefinition, IndicatorValue
    from sitrantib.villagedocs.tests.factories import pdf_upload

    manual = (
        IndicatorDefinition.objects.filter(district=world.district, year=year, method="manual")
        .order_by("position")
        .first()
    )
    if manual is None:
        return ""
    selectors.values_for(district_code=world.district.code, year=year, kind="year")
    value = IndicatorValue.objects.get(definition=manual, period_key=str(year))
    services.enter_manual_value(
        value=value,
        number=Decimal("82.5"),
        note="Hasil survei kepuasan desa dan kecamatan, rekap Bagian Organisasi",
        actor=world.admin,
    )
    services.add_evidence(
        value=value,
        file=pdf_upload("rekap-kepuasan.pdf"),
        description="Rekap survei kepuasan yang ditandatangani",
        actor=world.admin,
    )
    return str(value.pk)


def _neighbours(year: int, actor) -> None:
    """Two other kecamatan with three calculated indicators and a few visits each."""
    from sitrantib.core.enums import Role
    from sitrantib.fieldwork.enums import Situation, VisitKind
    from sitrantib.fieldwork.services import visits
    from sitrantib.indicators import services
    from sitrantib.regions.models import District
    from sitrantib.testing.factories import make_user

    for number, code in enumerate(NEIGHBOURS):
        district = District.objects.filter(code=code).first()
        if district is None:
            continue
        admin = make_user(role=Role.TRANTIB_ADMIN, district=district, username=f"admin{code[-2:]}")
        for position, (calculator, target) in enumerate(
            (("desa_peaceful_percent", 90), ("desa_monitored", 10), ("documents_on_time", 85)),
            start=1,
        ):
            services.create_definition(
                district=district,
                year=year,
                data={
                    "code": calculator,  # as "Muat dari KAK" names it: one column per indicator
                    "name": {
                        "desa_peaceful_percent": "Persentase desa yang tentram dan tertib",
                        "desa_monitored": "Jumlah desa terpantau ketentraman dan ketertiban",
                        "documents_on_time": "Rata - rata persentase desa yang menyusun dokumen "
                        "administrasi pemerintahan desa yang tepat waktu",
                    }[calculator],
                    "level": "programme" if position == 1 else "output",
                    "unit": "%" if position != 2 else "desa",
                    "method": "calculated",
                    "calculator": calculator,
                    "target": Decimal(target),
                    "position": position,
                },
                actor=admin,
            )
        for index, village in enumerate(district.villages.order_by("code")[: 6 + number * 3]):
            visits.create_visit(
                village=village,
                data=visits.VisitInput(
                    kind=VisitKind.MONITORING,
                    visited_at=_moment(dt.date(year, 2 + index % 6, 12), 19),
                    situation=Situation.RAWAN if index == number else Situation.KONDUSIF,
                    situation_reason="Perkelahian antarpemuda" if index == number else "",
                    activity_types=["patrol"],
                    findings="Ronda berjalan.",
                    place="Balai Desa",
                ),
                actor=admin,
                client_id=uuid.uuid4(),
            )


def seed() -> dict[str, str]:
    """The scene, through the services; returns the ids the screenshots open."""
    import django

    django.setup()
    from django.utils import timezone

    from sitrantib.core.enums import Coverage, Role
    from sitrantib.indicators import services as indicators
    from sitrantib.indicators.models import IndicatorValue
    from sitrantib.planning.models import AnnualPlan
    from sitrantib.planning.services.copies import copy_plan_to_year
    from sitrantib.regions.models import District, Institution
    from sitrantib.testing.factories import make_institution, make_user

    today = timezone.localdate()
    year = today.year
    district = District.objects.get(code=DISTRICT)
    villages = list(district.villages.order_by("code"))
    found = {i.kind: i for i in Institution.objects.filter(district=district)}
    polsek = found.get("polsek") or make_institution(
        district=district, kind="polsek", name="Polsek Yosowilangun"
    )
    world = SimpleNamespace(
        district=district,
        village=villages[0],
        polsek=polsek,
        admin=make_user(role=Role.TRANTIB_ADMIN, district=district, username="kasitrantib"),
        camat=make_user(role=Role.CAMAT, district=district, username="camat"),
        staff=make_user(role=Role.KECAMATAN_STAFF, district=district, username="kasipem"),
        operators=[
            make_user(
                role=Role.VILLAGE_OPERATOR,
                district=district,
                villages=[village],
                username="operator" if index == 0 else f"operator{index + 1}",
            )
            for index, village in enumerate(villages)
        ],
    )
    world.national = world.admin
    make_user(
        role=Role.TRANTIB_ADMIN,
        district=None,
        coverage=Coverage.REGENCY,
        regency=district.regency,
        username="adminkab",
    )
    plan = AnnualPlan.objects.filter(district=district).order_by("-year").first()
    if plan is not None and plan.year != year:
        copy_plan_to_year(plan=plan, actor=world.admin, year=year)
    indicators.seed_from_plan(district=district, year=year, actor=world.admin)
    _targets(world, year)
    _visits(world, villages, year, today)
    _incidents(world, villages, year, today)
    _training(world, villages, year)
    _meetings(world, year)
    ids = _documents(world, villages, year, today)
    ids["manual"] = _manual_value(world, year)
    _neighbours(year, world.admin)
    indicators.recompute(district_code=district.code, year=year)
    peaceful = (
        IndicatorValue.objects.filter(
            definition__district=district,
            definition__calculator="desa_peaceful_percent",
            period_key=str(year),
        )
        .select_related("definition")
        .first()
    )
    documents = IndicatorValue.objects.filter(
        definition__district=district,
        definition__calculator="documents_on_time",
        period_key=str(year),
    ).first()
    ids["peaceful_value"] = str(peaceful.pk) if peaceful else ""
    ids["peaceful_definition"] = str(peaceful.definition_id) if peaceful else ""
    ids["documents_value"] = str(documents.pk) if documents else ""
    ids["year"] = str(year)
    return ids


def shoot(base: str, ids: dict[str, str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    from sitrantib.testing.factories import TEST_PASSWORD

    camera = Camera(base, TEST_PASSWORD)
    login = camera.login

    def take(page, name: str, path: str, *, full: bool = False) -> None:
        camera.take(page, name, path, full=full, settle_ms=500)  # charts finish their animation

    with sync_playwright() as p:
        browser = launch(p)
        year = ids["year"]
        page = login(browser.new_context(**DESKTOP), "kasitrantib")
        shots = {
            "dokumen-desa-ringkasan.png": f"/dokumen-desa/?tahun={year}",
            "dokumen-desa-kewajiban.png": f"/dokumen-desa/kewajiban/?tahun={year}",
            "dokumen-desa-periksa.png": f"/dokumen-desa/kewajiban/{ids['pending']}/",
            "dokumen-desa-dikembalikan.png": (
                f"/dokumen-desa/kewajiban/{ids['returned']}/" if "returned" in ids else ""
            ),
            "dokumen-desa-jenis.png": "/dokumen-desa/jenis/",
            "dokumen-desa-pengaturan.png": "/dokumen-desa/pengaturan/",
            "dokumen-desa-peristiwa.png": "/dokumen-desa/kewajiban/peristiwa/",
            "indikator-dasbor.png": f"/indikator/?year={year}",
            "indikator-definisi.png": f"/indikator/definisi/?year={year}",
            "indikator-definisi-detail.png": (
                f"/indikator/definisi/{ids['peaceful_definition']}/"
                if ids["peaceful_definition"]
                else ""
            ),
            "indikator-nilai.png": (
                f"/indikator/nilai/{ids['peaceful_value']}/" if ids["peaceful_value"] else ""
            ),
            "indikator-nilai-dokumen.png": (
                f"/indikator/nilai/{ids['documents_value']}/" if ids["documents_value"] else ""
            ),
            "indikator-manual.png": (
                f"/indikator/nilai/{ids['manual']}/isi/" if ids["manual"] else ""
            ),
            "indikator-aturan.png": "/indikator/pengaturan/",
        }
        for name, path in shots.items():
            take(page, name, path)
        take(page, "indikator-dasbor-penuh.png", f"/indikator/?year={year}", full=True)
        camat = login(browser.new_context(**DESKTOP), "camat")
        take(camat, "dokumen-desa-terlambat.png", "/dokumen-desa/terlambat/")
        take(camat, "indikator-camat.png", f"/indikator/camat/?year={year}")
        take(
            camat,
            "indikator-setujui.png",
            f"/indikator/nilai/{ids['manual']}/" if ids["manual"] else "",
            full=True,
        )
        regency = login(browser.new_context(**DESKTOP), "adminkab")
        take(regency, "indikator-kabupaten.png", f"/indikator/kabupaten/?year={year}", full=True)
        mobile = login(browser.new_context(**PHONE), "operator")
        take(
            mobile,
            "dokumen-desa-kirim-ponsel.png",
            f"/dokumen-desa/kewajiban/{ids['open']}/",
            full=True,
        )
        take(mobile, "dokumen-desa-ponsel.png", f"/dokumen-desa/?tahun={year}")
        camat_phone = login(browser.new_context(**PHONE), "camat")
        take(camat_phone, "indikator-dasbor-ponsel.png", f"/indikator/?year={year}")
        citizen = browser.new_context(**DESKTOP).new_page()
        take(citizen, "indikator-publik.png", f"/publik/indikator/{DISTRICT}/?year={year}")
        browser.close()
    return camera.taken


def main(port: str = "8766") -> None:
    own_site(("load_reference", "--scope", "35.08"), ("load_plan",))
    ids = seed()
    with served(port) as base:
        taken = shoot(base, ids)
    print("taken:", ", ".join(taken))


if __name__ == "__main__":
    main(*sys.argv[1:2])
