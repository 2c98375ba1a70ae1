from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AuditAction(models.TextChoices):
    # "Ubah" and "Ubah status" name what happened (Update, Status change); elsewhere they are
    # buttons and headings (Edit, Change status): the context keeps the two Englishes apart.
    CREATE = "create", _("Buat")
    UPDATE = "update", pgettext_lazy("tindakan audit", "Ubah")
    DELETE = "delete", _("Hapus")
    IMPORT = "import", _("Impor")
    TRANSITION = "transition", pgettext_lazy("tindakan audit", "Ubah status")
    LOGIN_LOCKED = "login_locked", _("Akun dikunci")
    # A download of records with personal or respondent data: who took what, and when.
    EXPORT = "export", _("Ekspor")


class Severity(models.TextChoices):
    ERROR = "error", _("Galat")
    WARNING = "warning", _("Peringatan")
    INFO = "info", _("Info")


class Role(models.TextChoices):
    """Roles of docs/adr/0005-accounts-and-scope.md. What a role may reach is decided by scope."""

    CAMAT = "camat", _("Camat")
    TRANTIB_ADMIN = "trantib_admin", _("Admin Seksi Trantib")
    KECAMATAN_STAFF = "kecamatan_staff", _("Staf Kecamatan")
    VILLAGE_OPERATOR = "village_operator", _("Operator Desa")
    PARTNER = "partner", _("Mitra (FORKOMPIMKA)")


class Coverage(models.TextChoices):
    """How far a user reaches beyond their role's own regions (docs/adr/0050).

    Empty: by the role (the user's kecamatan; a village operator's desa). Never implied by being a
    superuser.
    """

    BY_ROLE = "", _("Menurut peran (kecamatan/desa)")
    REGENCY = "regency", _("Kabupaten")
    NATIONAL = "national", _("Nasional")


# Roles a wider coverage may be given to (kecamatan-level roles; never operators or partners).
COVERAGE_ROLES = frozenset({Role.CAMAT, Role.TRANTIB_ADMIN, Role.KECAMATAN_STAFF})

# Roles that read every record of their kecamatan.
DISTRICT_READER_ROLES = frozenset(
    {Role.CAMAT, Role.TRANTIB_ADMIN, Role.KECAMATAN_STAFF, Role.PARTNER}
)
# Roles that administer the kecamatan: data-quality findings, audit log, users below them.
ADMIN_ROLES = frozenset({Role.TRANTIB_ADMIN})
# Roles that may read the audit log of their kecamatan.
AUDIT_READER_ROLES = frozenset({Role.TRANTIB_ADMIN, Role.CAMAT})
