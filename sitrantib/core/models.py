from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sitrantib.core.enums import AuditAction
from sitrantib.core.storage import private_storage
from sitrantib.core.text import TextLimit, reject_control_characters


class TimeStampedModel(models.Model):
    """Base for every domain record: when it was made and changed, and by whom."""

    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah pada"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change made through a service: who, when, which record, and its values before and after.

    Entries are only ever inserted; the application offers no way to edit or delete them.
    """

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    actor_name = models.CharField(_("nama pelaku"), max_length=150, blank=True)
    action = models.CharField(_("tindakan"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("jenis data"), max_length=100)
    object_id = models.CharField(_("ID data"), max_length=64)
    object_repr = models.CharField(_("data"), max_length=255)
    district_code = models.CharField(
        _("kode kecamatan"),
        max_length=8,
        blank=True,
        help_text=_("Kecamatan tempat data ini berada; menentukan siapa yang boleh melihat entri."),
    )
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    note = models.TextField(
        _("catatan"),
        blank=True,
        max_length=TextLimit.SHORT_NOTE,
        validators=[MaxLengthValidator(TextLimit.SHORT_NOTE), reject_control_characters],
    )

    class Meta:
        verbose_name = _("entri log audit")
        verbose_name_plural = _("log audit")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["district_code", "-at"], name="audit_district_at_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted")

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        """Fields whose value differs between before and after, for display."""
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ImportBatchStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu konfirmasi")
    CONFIRMED = "confirmed", _("Dikonfirmasi")
    DISCARDED = "discarded", _("Dibatalkan")


class ImportBatch(models.Model):
    """A spreadsheet parsed once and kept between its preview and its confirmation.

    `rows` holds the typed values of every data row, `plan` what confirming does with each
    (create, update with the changed fields, or leave unchanged), `errors` the problems found by
    row and column. The file itself is not kept. Only its uploader may confirm it, once; pending
    batches expire (they hold personal data) and confirmed ones keep only their counts.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengunggah"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(
        _("jenis impor"),
        max_length=100,
        validators=[reject_control_characters],
        help_text=_("Nama spesifikasi impor, misalnya linmas.members."),
    )
    scope_key = models.CharField(
        _("cakupan"),
        max_length=100,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("Kunci tujuan impor menurut aplikasinya, misalnya kode desa atau periode."),
    )
    district_code = models.CharField(
        _("kode kecamatan"), max_length=8, blank=True, validators=[reject_control_characters]
    )
    original_name = models.CharField(
        _("nama berkas"), max_length=255, validators=[reject_control_characters]
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, validators=[reject_control_characters])
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ImportBatchStatus.choices,
        default=ImportBatchStatus.PENDING,
    )
    rows = models.JSONField(_("baris"), default=list, blank=True, encoder=DjangoJSONEncoder)
    plan = models.JSONField(_("rencana"), default=list, blank=True, encoder=DjangoJSONEncoder)
    errors = models.JSONField(_("kesalahan"), default=list, blank=True)
    created_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("jumlah baris"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    created_count = models.PositiveIntegerField(_("baris baru"), default=0)
    updated_count = models.PositiveIntegerField(_("baris diubah"), default=0)
    unchanged_count = models.PositiveIntegerField(_("baris tidak berubah"), default=0)

    class Meta:
        verbose_name = _("impor spreadsheet")
        verbose_name_plural = _("impor spreadsheet")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "kind", "status"], name="core_import_owner_idx"),
            models.Index(fields=["status", "created_at"], name="core_import_status_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_district_code(self) -> str:
        return self.district_code


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
    EXPIRED = "expired", _("Kedaluwarsa")


class ExportJob(models.Model):
    """One export made in the background (`sitrantib.core.exporting`): who asked for it, what,
    how far it is, and the finished file in private storage.

    Only its owner sees the progress page and downloads the file; every download is audited.
    Files are removed a day after they are made (`manage.py purge_exports`).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pemilik"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(
        _("jenis ekspor"),
        max_length=100,
        validators=[reject_control_characters],
        help_text=_("Kunci jenis ekspor menurut aplikasinya, misalnya linmas.register."),
    )
    params = models.JSONField(_("parameter"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    language = models.CharField(
        _("bahasa"),
        max_length=10,
        blank=True,
        help_text=_("Bahasa halaman saat ekspor diminta; judul kolom ditulis dalam bahasa ini."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("baris selesai"), default=0)
    progress_total = models.PositiveIntegerField(_("jumlah baris"), null=True, blank=True)
    file = models.FileField(
        _("berkas"), upload_to="exports/", storage=private_storage, blank=True, max_length=200
    )
    filename = models.CharField(
        _("nama berkas"), max_length=200, blank=True, validators=[reject_control_characters]
    )
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), default=0)
    error = models.CharField(
        _("pesan kesalahan"),
        max_length=TextLimit.SHORT_NOTE,
        blank=True,
        validators=[reject_control_characters],
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    created_at = models.DateTimeField(_("diminta pada"), auto_now_add=True)
    started_at = models.DateTimeField(_("mulai dibuat pada"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekspor")
        verbose_name_plural = _("ekspor")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="core_export_owner_idx"),
            models.Index(fields=["status", "created_at"], name="core_export_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED, ExportStatus.EXPIRED)

    @property
    def percent(self) -> int | None:
        """How far the export is, 0-100, or None while the number of rows is not known."""
        if self.status == ExportStatus.DONE:
            return 100
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)


class TaskWorker(models.Model):
    """A background worker process (`manage.py task_worker`), as last seen.

    Each worker writes its row every few seconds (core/workers.py): `/health` reads the newest
    `seen_at`, and a job whose worker stopped being seen is queued again (docs/adr/0071).
    """

    worker_id = models.CharField(_("kode pekerja"), max_length=64, primary_key=True)
    host = models.CharField(_("mesin"), max_length=255)
    pid = models.PositiveIntegerField(_("nomor proses"))
    started_at = models.DateTimeField(_("mulai pada"))
    seen_at = models.DateTimeField(_("terakhir terlihat pada"), db_index=True)

    class Meta:
        verbose_name = _("pekerja latar belakang")
        verbose_name_plural = _("pekerja latar belakang")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"


class IssuedDocument(models.Model):
    """A generated document as it was issued: the exact bytes, who made it, when, from which data
    version, and their SHA-256 (`sitrantib.core.archive`, docs/adr/0100).

    Never edited and never deleted by the application: a newer issue of the same document (same
    kind, subject and format) points back to it through `superseded_by`.
    """

    kind = models.CharField(
        _("jenis dokumen"),
        max_length=100,
        validators=[reject_control_characters],
        help_text=_("Kunci jenis dokumen menurut aplikasinya, misalnya reports.kak."),
    )
    title = models.CharField(
        _("judul"), max_length=TextLimit.TITLE, validators=[reject_control_characters]
    )
    subject_key = models.CharField(
        _("pokok dokumen"),
        max_length=120,
        validators=[reject_control_characters],
        help_text=_("Yang dibuatkan dokumen dalam jenisnya, misalnya plan:12 atau meeting:5."),
    )
    district_code = models.CharField(_("kode kecamatan"), max_length=8, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=DocumentFormat.choices)
    file = models.FileField(
        _("berkas"), upload_to="archive/%Y/%m/", storage=private_storage, max_length=200
    )
    filename = models.CharField(
        _("nama berkas"), max_length=200, validators=[reject_control_characters]
    )
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    data_version = models.CharField(
        _("versi data"),
        max_length=64,
        help_text=_("Entri log audit terbaru saat dokumen dibuat: data yang menjadi sumbernya."),
    )
    params = models.JSONField(_("parameter"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("dibuat pada"), db_index=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("digantikan oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )
    # What asked for this issue (a background job "job:<id>", a client id): a retried request
    # finds its document instead of issuing it twice.
    request_key = models.CharField(
        _("kunci permintaan"), max_length=64, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("dokumen terbit")
        verbose_name_plural = _("arsip dokumen")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(
                fields=["kind", "subject_key", "format", "-issued_at"],
                name="core_issued_subject_idx",
            ),
            models.Index(fields=["district_code", "-issued_at"], name="core_issued_district_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.format.upper()}, {self.issued_at:%Y-%m-%d %H:%M})"

    @property
    def audit_district_code(self) -> str:
        return self.district_code

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None
