"""Survey periods (SKM), their questionnaire snapshot, responses and the public rate limit.

The element set is data. `Element` rows without a kecamatan are the template (seeded with the
nine unsur of PermenPANRB 14/2017 at equal weight); a kecamatan whose section saved its own set
(`services.save_element_set`) has rows with its `district`, and that set replaces the template for
it. A period copies the set of its kecamatan into `PeriodElement` when it is created, so a later
change of a default never changes a period that was already run (docs/adr/0031).
"""

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sitrantib.core.models import TimeStampedModel
from sitrantib.surveys.enums import Education, Occupation, PeriodStatus, ResponseSource, Sex

# The largest number of people a service unit serves in one survey period. A kecamatan office serves
# thousands, a busy one some hundred thousand; ten million is beyond any kecamatan, so a larger N is
# a typing slip (issue 15 A7: 10^14 was accepted), refused before the sample is computed.
POPULATION_MAX = 10_000_000
# TEXT_LIMITS["description"] (core/text.py). Not imported: core.text loads DRF, which imports
# core.api and with it the models being loaded (a circular import at start-up).
FOLLOW_UP_PLAN_MAX = 5000
# Survey dates (issue 15 A7): SiTrantib's surveys run from 2000 on, before 2100; one period covers
# at most a year (PermenPANRB 14/2017: a survey at least once a year), so a longer period or a
# year such as 0252 or 9999 is a typing slip.
PERIOD_MIN_DATE = dt.date(2000, 1, 1)
PERIOD_MAX_DATE = dt.date(2100, 12, 31)
PERIOD_MAX_DAYS = 366
# The services of a period, one per line (docs/adr/0036): each at most as long as a response's
# `service`, and few enough to choose from on a phone.
SERVICES_MAX = 300
SERVICE_NAME_MAX = 200
SERVICES_MAX_COUNT = 20


def split_services(text: str) -> list[str]:
    """The services typed one per line: stripped, empty lines and repeats (any case) dropped."""
    names: list[str] = []
    seen: set[str] = set()
    for line in (text or "").splitlines():
        name = " ".join(line.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


class ElementFields(models.Model):
    """The fields of one questionnaire element (unsur): code, name, question, weight, 1-4 labels."""

    code = models.CharField(_("kode"), max_length=10)
    name = models.CharField(_("nama unsur"), max_length=150)
    question = models.CharField(_("pertanyaan"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"))
    weight = models.PositiveSmallIntegerField(
        _("bobot relatif"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Bobot unsur = bobot relatif / jumlah bobot relatif semua unsur, sehingga jumlah bobot "
            "selalu 1. Bobot sama (1) untuk semua unsur berarti 1/jumlah unsur."
        ),
    )
    label_1 = models.CharField(_("label nilai 1"), max_length=100)
    label_2 = models.CharField(_("label nilai 2"), max_length=100)
    label_3 = models.CharField(_("label nilai 3"), max_length=100)
    label_4 = models.CharField(_("label nilai 4"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def labels(self) -> list[tuple[int, str]]:
        return [(1, self.label_1), (2, self.label_2), (3, self.label_3), (4, self.label_4)]


class Element(ElementFields, TimeStampedModel):
    """An element of a default questionnaire (the template or a kecamatan's) for new periods."""

    district = models.ForeignKey(
        "regions.District",
        verbose_name=_("kecamatan"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="survey_elements",
        help_text=_("Kosong: templat bawaan untuk kecamatan yang belum menyusun daftar sendiri."),
    )
    is_active = models.BooleanField(_("dipakai untuk periode baru"), default=True)

    class Meta:
        verbose_name = _("unsur survei")
        verbose_name_plural = _("unsur survei")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "code"],
                name="survey_element_unique_district_code",
                violation_error_message=_("Kode unsur sudah dipakai."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(district__isnull=True),
                name="survey_element_unique_template_code",
                violation_error_message=_("Kode unsur sudah dipakai."),
            ),
        ]

    @property
    def audit_district_code(self) -> str:
        return self.district_id or ""


class SurveyPeriod(TimeStampedModel):
    """One survey (SKM) of a kecamatan's service unit over a period, with its sample target."""

    district = models.ForeignKey(
        "regions.District",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="survey_periods",
    )
    title = models.CharField(_("judul"), max_length=200)
    service_unit = models.CharField(_("unit layanan"), max_length=200)
    services = models.CharField(
        _("jenis layanan yang disurvei"),
        max_length=SERVICES_MAX,
        blank=True,
        help_text=_(
            "Satu layanan per baris. Responden memilih layanan yang diterimanya dari daftar ini; "
            "kosongkan bila survei tidak membedakan layanan."
        ),
    )
    period_start = models.DateField(_("tanggal mulai"))
    period_end = models.DateField(_("tanggal selesai"))
    population = models.PositiveIntegerField(
        _("jumlah penerima layanan (N)"),
        validators=[
            MinValueValidator(1),
            MaxValueValidator(
                POPULATION_MAX,
                message=_(
                    "Jumlah penerima layanan paling banyak %(limit_value)s orang; periksa "
                    "kembali angka yang diketik."
                ),
            ),
        ],
        help_text=_("Jumlah orang yang dilayani dalam periode survei."),
    )
    sample_target = models.PositiveIntegerField(
        _("target sampel"),
        validators=[MaxValueValidator(POPULATION_MAX)],
        help_text=_("Dihitung dari N dengan rumus Krejcie dan Morgan."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT
    )
    short_code = models.CharField(_("kode singkat"), max_length=12)
    follow_up_plan = models.TextField(
        _("rencana tindak lanjut"),
        blank=True,
        max_length=FOLLOW_UP_PLAN_MAX,
        validators=[MaxLengthValidator(FOLLOW_UP_PLAN_MAX)],
    )
    opened_at = models.DateTimeField(_("dibuka pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    published_at = models.DateTimeField(_("dipublikasikan pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("periode survei")
        verbose_name_plural = _("periode survei")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["short_code"],
                name="survey_period_unique_short_code",
                violation_error_message=_("Kode singkat sudah dipakai."),
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="survey_period_end_after_start",
                violation_error_message=_("Tanggal selesai tidak boleh sebelum tanggal mulai."),
            ),
        ]
        indexes = [
            models.Index(fields=["district", "status"], name="survey_period_district_idx"),
            models.Index(fields=["status"], name="survey_period_status_idx"),
            # The latest closed period of a wide scope (home page) and the list's order.
            models.Index(fields=["-period_end", "-id"], name="survey_period_end_idx"),
            models.Index(fields=["-period_start", "-id"], name="survey_period_start_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """Dates between PERIOD_MIN_DATE and PERIOD_MAX_DATE, a period of at most a year, at most
        SERVICES_MAX_COUNT services of at most SERVICE_NAME_MAX characters each."""
        errors: dict[str, list[str]] = {}
        for name in ("period_start", "period_end"):
            value = getattr(self, name)
            if isinstance(value, dt.date) and not PERIOD_MIN_DATE <= value <= PERIOD_MAX_DATE:
                errors[name] = [
                    _("Tanggal harus antara %(min)s dan %(max)s.")
                    % {"min": PERIOD_MIN_DATE.isoformat(), "max": PERIOD_MAX_DATE.isoformat()}
                ]
        names = split_services(self.services)
        if len(names) > SERVICES_MAX_COUNT:
            errors["services"] = [
                _("Paling banyak %(n)s layanan per periode.") % {"n": SERVICES_MAX_COUNT}
            ]
        elif any(len(name) > SERVICE_NAME_MAX for name in names):
            errors["services"] = [
                _("Nama satu layanan paling panjang %(n)s karakter.") % {"n": SERVICE_NAME_MAX}
            ]
        start, end = self.period_start, self.period_end
        if (
            not errors.keys() & {"period_start", "period_end"}
            and isinstance(start, dt.date)
            and isinstance(end, dt.date)
            and (end - start).days >= PERIOD_MAX_DAYS
        ):
            errors["period_end"] = [
                _("Satu periode survei paling lama %(days)s hari.") % {"days": PERIOD_MAX_DAYS}
            ]
        if errors:
            raise ValidationError(errors)

    @property
    def audit_district_code(self) -> str:
        return self.district_id

    @property
    def is_open(self) -> bool:
        return self.status == PeriodStatus.OPEN

    @property
    def service_list(self) -> list[str]:
        """The services respondents choose from (empty: the survey does not ask)."""
        return split_services(self.services)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys:detail", args=[self.pk])

    @property
    def public_path(self) -> str:
        from django.urls import reverse

        return reverse("surveys_public:questionnaire", args=[self.short_code])


class PeriodElement(ElementFields):
    """The questionnaire a period was run with: a copy of the default elements at creation."""

    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("periode survei"),
        on_delete=models.CASCADE,
        related_name="elements",
    )

    class Meta:
        verbose_name = _("unsur periode survei")
        verbose_name_plural = _("unsur periode survei")
        ordering = ["period", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "code"],
                name="survey_period_element_unique_code",
                violation_error_message=_("Kode unsur sudah ada pada periode ini."),
            )
        ]

    @property
    def audit_district_code(self) -> str:
        return self.period.district_id


class PeriodResult(models.Model):
    """The stored IKM of a period (issue 16 A3): what the pages read instead of every answer.

    `totals` holds, per element code, [sum of answers, number of answers]; with the period's
    elements (weights read live) `computation.compute_ikm` gives the full result exactly, so the
    stored figures are the inputs of the calculation, not a rounded copy of its output. `ikm` and
    `grade` are that result at the last update, for lists and indicators that sort or filter in
    SQL. Every service that adds answers updates the row in its transaction; `manage.py
    compute_ikm` recomputes it from the answers (docs/adr/0035).
    """

    period = models.OneToOneField(
        SurveyPeriod,
        verbose_name=_("periode survei"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="result",
    )
    respondents = models.PositiveIntegerField(_("jumlah responden"), default=0)
    totals = models.JSONField(_("jumlah nilai per unsur"), default=dict, blank=True)
    ikm = models.DecimalField(_("IKM"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("mutu"), max_length=1, blank=True)
    computed_at = models.DateTimeField(_("dihitung pada"), auto_now=True)

    class Meta:
        verbose_name = _("hasil IKM periode")
        verbose_name_plural = _("hasil IKM periode")

    def __str__(self) -> str:
        return f"{self.period_id}: {self.ikm}"


class SurveyResponse(models.Model):
    """One filled questionnaire: the respondent's profile (nothing identifying) and suggestion.

    `client_id` is made by the client (or the server when it renders the form) so a repeated
    submission of the same questionnaire is stored once; the database enforces it.
    """

    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("periode survei"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    client_id = models.UUIDField(_("ID kiriman"), default=uuid.uuid4)
    source = models.CharField(
        _("sumber"), max_length=10, choices=ResponseSource.choices, default=ResponseSource.ONLINE
    )
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    age = models.PositiveSmallIntegerField(
        _("umur"), validators=[MinValueValidator(10), MaxValueValidator(110)]
    )
    education = models.CharField(_("pendidikan"), max_length=20, choices=Education.choices)
    occupation = models.CharField(_("pekerjaan"), max_length=20, choices=Occupation.choices)
    service = models.CharField(_("layanan yang diterima"), max_length=200, blank=True)
    suggestion = models.TextField(
        _("saran"), blank=True, max_length=2000, validators=[MaxLengthValidator(2000)]
    )
    received_at = models.DateTimeField(_("diterima pada"), auto_now_add=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dientri oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("jawaban survei")
        verbose_name_plural = _("jawaban survei")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "client_id"],
                name="survey_response_unique_client_id",
                violation_error_message=_("Kuesioner ini sudah diterima."),
            )
        ]
        indexes = [
            models.Index(fields=["period", "received_at"], name="survey_response_period_idx")
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.client_id}"

    @property
    def audit_district_code(self) -> str:
        return self.period.district_id


class Answer(models.Model):
    """The 1-4 answer of one response to one element of the period's questionnaire."""

    response = models.ForeignKey(
        SurveyResponse, verbose_name=_("jawaban"), on_delete=models.CASCADE, related_name="answers"
    )
    element = models.ForeignKey(
        PeriodElement, verbose_name=_("unsur"), on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        _("nilai"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        verbose_name = _("nilai unsur")
        verbose_name_plural = _("nilai unsur")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "element"],
                name="survey_answer_unique_element",
                violation_error_message=_("Unsur ini sudah dijawab."),
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=4),
                name="survey_answer_value_1_4",
                violation_error_message=_("Nilai harus 1 sampai 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element_id}={self.value}"


class SubmissionCounter(models.Model):
    """Public submissions per client address per minute, for the rate limit.

    Only a salted hash of the address is kept, never the address itself; old windows are deleted.
    """

    address_hash = models.CharField(_("hash alamat"), max_length=64)
    window_start = models.DateTimeField(_("awal menit"))
    count = models.PositiveIntegerField(pgettext_lazy("count", "jumlah"), default=0)

    class Meta:
        verbose_name = _("penghitung kiriman")
        verbose_name_plural = _("penghitung kiriman")
        constraints = [
            models.UniqueConstraint(
                fields=["address_hash", "window_start"],
                name="survey_counter_unique_window",
                violation_error_message=_("Jendela waktu sudah ada."),
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="survey_counter_window_idx")]

    def __str__(self) -> str:
        return f"{self.address_hash[:8]} {self.window_start:%H:%M} {self.count}"
