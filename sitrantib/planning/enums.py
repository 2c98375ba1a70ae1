from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    APPROVED = "approved", _("Disetujui")
    SUPERSEDED = "superseded", _("Diganti revisi")


class PlanMover(models.TextChoices):
    """In which capacity a user moves a plan (for the workflow's messages)."""

    CAMAT = "camat", _("Camat")


class CodeLevel(models.TextChoices):
    PROGRAMME = "programme", _("Program")
    ACTIVITY = "activity", _("Kegiatan")
    SUB_ACTIVITY = "sub_activity", _("Sub-kegiatan")


class IndicatorLevel(models.TextChoices):
    GOAL = "goal", _("Tujuan")
    PROGRAMME = "programme", _("Program")
    OUTCOME = "outcome", _("Outcome")
    OUTPUT = "output", _("Output")
    INDIVIDUAL = "individual", _("Individu")


class ActivityKind(models.TextChoices):
    """What a planned activity is; the activity apps carry out one kind each."""

    MEETING = "meeting", _("Rapat koordinasi")
    TRAINING = "training", _("Pelatihan")
    ACCOMPANIMENT = "accompaniment", _("Pendampingan")
    MONITORING = "monitoring", _("Monitoring dan evaluasi")
    OTHER = "other", _("Lainnya")


class SectionKey(models.TextChoices):
    """The text sections of a KAK, in the order of the source document."""

    LEGAL_BASIS = "legal_basis", _("Dasar hukum")
    TASKS = "tasks", _("Tugas dan fungsi")
    GENERAL_DESCRIPTION = "general_description", _("Gambaran umum")
    PHENOMENA = "phenomena", _("Fenomena dan data detail")
    PROBLEMS = "problems", _("Prioritas masalah")
    FACTORS = "factors", _("Faktor yang mempengaruhi")
    EQUIPMENT = "equipment", _("Perlengkapan")
    INNOVATIONS = "innovations", _("Inovasi yang sudah dilaksanakan")
    TIME_SERIES = "time_series", _("Analisa time series")
    IMPLEMENTATION_PROBLEMS = "implementation_problems", _("Permasalahan penyelenggaraan")
    PURPOSE = "purpose", _("Maksud dan tujuan")
    GOAL_INDICATORS = "goal_indicators", _("Indikator tujuan")
    PROGRAMME_INDICATORS = "programme_indicators", _("Indikator program")
    OUTCOME_INDICATORS = "outcome_indicators", _("Indikator outcome")
    OUTPUT_INDICATORS = "output_indicators", _("Indikator output")
    INDIVIDUAL_INDICATORS = "individual_indicators", _("Indikator individu")
    BENEFITS = "benefits", _("Manfaat")
    IMPACT = "impact", _("Dampak jika tidak dilaksanakan")
    STRATEGY = "strategy", _("Strategi pencapaian keluaran")
    STAGES = "stages", _("Tahapan dan waktu pelaksanaan")
    COSTS = "costs", _("Biaya yang diperlukan")
    ATTACHMENTS = "attachments", _("Lampiran")
    OTHER = "other", _("Lainnya")


MONTHS = range(1, 13)
