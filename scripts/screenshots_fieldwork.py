"""Takes the user-guide screenshots of the field-work chapter (docs/guide/lapangan.md), with the
system Chromium, from a SiTrantib of its own: a throw-away folder (database, files) holding the
12 desa of Kecamatan Yosowilangun with their boundaries, a Poskamling with coordinates in each
desa, a Satgas, visits (one judged rawan, with recommendations), incidents in every status (one
handed over to the Polsek) and citizen reports. Nothing of var/ is touched.

.venv/bin/python scripts/screenshots_fieldwork.py [PORT]
"""

import datetime as dt
import sys
import uuid
from decimal import Decimal

from screenshot_support import DESKTOP, PHONE, PUBLIC_PHONE, Camera, launch, own_site, served

DISTRICT = "35.08.07"  # Yosowilangun


def seed() -> dict[str, str]:
    """The scene, through the services; returns the ids the screenshots open."""
    import django

    django.setup()
    from django.utils import timezone

    from sitrantib.core.enums import Role
    from sitrantib.fieldwork.enums import IncidentSource, IncidentStatus, Situation, VisitKind
    from sitrantib.fieldwork.models import IncidentCategory
    from sitrantib.fieldwork.services import incidents, registers, reports, visits
    from sitrantib.regions.models import District, Institution, VillageBoundary
    from sitrantib.testing.factories import make_institution, make_user

    district = District.objects.get(code=DISTRICT)
    villages = list(district.villages.order_by("code"))
    admin = make_user(role=Role.TRANTIB_ADMIN, district=district, username="kasitrantib")
    make_user(
        role=Role.VILLAGE_OPERATOR, district=district, villages=[villages[0]], username="operator"
    )
    # The reference data holds the kecamatan's Polsek and Koramil already.
    found = {i.kind: i for i in Institution.objects.filter(district=district)}
    polsek = found.get("polsek") or make_institution(
        district=district, kind="polsek", name="Polsek Yosowilangun"
    )
    if "koramil" not in found:
        make_institution(district=district, kind="koramil", name="Koramil Yosowilangun")
    centre = {
        b.village_id: (b.centroid_lat, b.centroid_lon)
        for b in VillageBoundary.objects.filter(village__in=villages)
    }
    now = timezone.now()
    category = {c.code: c for c in IncidentCategory.objects.all()}
    ids: dict[str, str] = {}
    for index, village in enumerate(villages):
        lat, lon = centre.get(village.code, (-8.23, 113.29))
        post = registers.create_post(
            village=village,
            data={
                "name": f"Pos Kamling {village.name} {index % 3 + 1}",
                "rw": f"{index % 4 + 1:02d}",
                "rt": "02",
                "latitude": round(lat, 6),
                "longitude": round(lon, 6),
                "equipment": ["kentongan", "light"] + (["radio"] if index % 2 else []),
                "condition": "good" if index % 4 else "minor_damage",
            },
            actor=admin,
        )
        registers.set_roster(
            post=post,
            nights=[
                registers.DutyNight(5, "Regu A", (registers.Person("Suparno"),)),
                registers.DutyNight(6, "Regu B", (registers.Person("Hartono"),)),
            ],
            actor=admin,
        )
        ids.setdefault("post", str(post.pk))
        if index < 9:  # three desa are not visited this month
            situation = Situation.RAWAN if index == 2 else Situation.KONDUSIF
            visit, _ = visits.create_visit(
                village=village,
                data=visits.VisitInput(
                    kind=VisitKind.MONITORING if index % 2 else VisitKind.ACCOMPANIMENT,
                    visited_at=now - dt.timedelta(days=index % 5, hours=3),
                    situation=situation,
                    situation_reason="Dua kali pencurian ternak dalam sepekan"
                    if index == 2
                    else "",
                    activity_types=["patrol", "guidance"],
                    findings="Pos aktif, jadwal ronda berjalan, kentongan tersedia.",
                    posts=[post],
                    place="Balai Desa",
                    team=[
                        visits.TeamMember("Hadi Prasetyo", position="Kasi Trantib"),
                        visits.TeamMember(
                            "Aiptu Slamet", institution=polsek, position="Bhabinkamtibmas"
                        ),
                    ],
                    recommendations=(
                        ["Tambah jadwal ronda malam Sabtu", "Pasang lampu di pos ronda"]
                        if index == 2
                        else []
                    ),
                ),
                actor=admin,
                client_id=uuid.uuid4(),
            )
            if index == 2:
                ids["visit"] = str(visit.pk)
    statuses = [
        IncidentStatus.REPORTED,
        IncidentStatus.VERIFIED,
        IncidentStatus.HANDLED,
        IncidentStatus.HANDED_OVER,
        IncidentStatus.CLOSED,
    ]
    codes = [
        c for c in ("curanmor", "curat", "penganiayaan", "banjir", "kebakaran") if c in category
    ]
    codes = codes or list(category)[:5]
    for index, village in enumerate(villages[:8]):
        lat, lon = centre.get(village.code, (-8.23, 113.29))
        incident, _ = incidents.create_incident(
            village=village,
            data=incidents.IncidentInput(
                category=category[codes[index % len(codes)]],
                occurred_at=now - dt.timedelta(days=index * 3 + 1, hours=2),
                description="Sepeda motor hilang dari halaman rumah warga pada malam hari.",
                source=IncidentSource.PATROL,
                place="Jalan desa",
                latitude=Decimal(str(round(lat + 0.002, 6))),
                longitude=Decimal(str(round(lon - 0.002, 6))),
            ),
            actor=admin,
            client_id=uuid.uuid4(),
        )
        target = statuses[index % len(statuses)]
        path = {
            IncidentStatus.REPORTED: [],
            IncidentStatus.VERIFIED: [IncidentStatus.VERIFIED],
            IncidentStatus.HANDLED: [IncidentStatus.VERIFIED, IncidentStatus.HANDLED],
            IncidentStatus.HANDED_OVER: [IncidentStatus.VERIFIED, IncidentStatus.HANDED_OVER],
            IncidentStatus.CLOSED: [
                IncidentStatus.VERIFIED,
                IncidentStatus.HANDLED,
                IncidentStatus.CLOSED,
            ],
        }[target]
        for step in path:
            incidents.transition_incident(
                incident=incident,
                to_status=step,
                actor=admin,
                note="Diserahkan ke Polsek" if step == IncidentStatus.HANDED_OVER else "",
                handed_to=polsek if step == IncidentStatus.HANDED_OVER else None,
            )
        if target == IncidentStatus.HANDED_OVER:
            ids["incident"] = str(incident.pk)
    for text in (
        "Ada orang asing mondar-mandir memeriksa sepeda motor",
        "Suara petasan tiap malam",
    ):
        report, _ = reports.submit_report(
            data=reports.ReportInput(
                village=villages[1],
                category=category[codes[0]],
                place="Depan balai desa",
                occurred_at=now - dt.timedelta(hours=5),
                description=text,
                contact_name="Siti",
                contact_phone="081234567890",
            ),
            client_id=uuid.uuid4(),
        )
        ids["report"] = str(report.pk)
        ids["code"] = report.tracking_code
    return ids


def shoot(base: str, ids: dict[str, str]) -> list[str]:
    from playwright.sync_api import sync_playwright

    from sitrantib.testing.factories import TEST_PASSWORD

    camera = Camera(base, TEST_PASSWORD)
    take = camera.take
    with sync_playwright() as p:
        browser = launch(p)
        page = camera.login(browser.new_context(**DESKTOP), "kasitrantib")
        shots = {
            "lapangan-ringkasan.png": "/lapangan/",
            "lapangan-situasi.png": "/lapangan/situasi/",
            "lapangan-aturan.png": "/lapangan/situasi/aturan/",
            "lapangan-kalender.png": "/lapangan/kalender/",
            "lapangan-pos.png": "/lapangan/pos/",
            "lapangan-pos-detail.png": f"/lapangan/pos/{ids['post']}/",
            "lapangan-satgas.png": "/lapangan/satgas/",
            "lapangan-kunjungan.png": f"/lapangan/kunjungan/{ids['visit']}/",
            "lapangan-kejadian.png": "/lapangan/kejadian/",
            "lapangan-kejadian-peta.png": "/lapangan/kejadian/peta/",
            "lapangan-kejadian-rekap.png": "/lapangan/kejadian/rekap/",
            "lapangan-kejadian-detail.png": f"/lapangan/kejadian/{ids['incident']}/",
            "lapangan-pengaduan.png": "/lapangan/pengaduan/",
            "lapangan-pengaduan-detail.png": f"/lapangan/pengaduan/{ids['report']}/",
        }
        for name, path in shots.items():
            take(page, name, path)
        mobile = camera.login(browser.new_context(**PHONE), "operator")
        take(mobile, "lapangan-kunjungan-ponsel.png", "/lapangan/kunjungan/baru/")
        take(mobile, "lapangan-antrean-ponsel.png", "/lapangan/antrean/")
        citizen = browser.new_context(**PUBLIC_PHONE).new_page()
        take(citizen, "lapor-formulir-ponsel.png", f"/lapor/{DISTRICT}/")
        take(citizen, "lapor-status-ponsel.png", f"/lapor/status/{ids['code']}/")
        browser.close()
    return camera.taken


def main(port: str = "8765") -> None:
    own_site(("load_reference", "--scope", DISTRICT))
    ids = seed()
    with served(port) as base:
        taken = shoot(base, ids)
    print("taken:", ", ".join(taken))


if __name__ == "__main__":
    main(*sys.argv[1:2])
