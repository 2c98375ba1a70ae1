"""What the KAK tests share: the reference data loaded as `make reference` loads it, the
rendered files read back as text, the seed document read as a list of expected items, and page
images compared with their reviewed references (docs/adr/0101).

The normalisation of the round trip (both sides, the seed and the rendered text, go through
`normalise`):

- whitespace is collapsed (line breaks of the source and of the rendering do not count);
- a thousands separator inside an integer is ignored: "2262" and "2.262" compare equal;
- "Rp." is compared with one space after it ("Rp.   1.200.000" is "Rp. 1.200.000");
- list markers ("1.", "1)", "a.", "a)", "·") are not compared: the DOCX carries them as Word
  numbering, not as text, and the source marks the same level differently from part to part;
- a colon at the end of a word or standing alone is not compared: the source prints " :"
  after some headings and not after others, and the header table has a ":" column;
- in the PDF only, spaces are not compared at all: a PDF holds positioned glyphs, and the text
  extractor guesses where spaces were (it glues two table cells whose texts sit close on one
  line, and cannot tell a line broken after "Daerah-" from a space). The DOCX, which keeps its
  words, is compared word by word.

Nothing else is forgiven: every word, every figure and the order of the items must match.
"""

import io
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

import docx
import pypdfium2
from django.conf import settings
from django.core.management import call_command
from PIL import Image, ImageChops
from pypdf import PdfReader

from sitrantib.core.enums import Role
from sitrantib.planning.models import AnnualPlan
from sitrantib.planning.services import approve_plan
from sitrantib.reports.catalogue import ReportRequest
from sitrantib.reports.kak import build_kak

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "000_32b1221116450218.txt"
DISTRICT = "35.08.07"
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

_MARKER = re.compile(r"(\d{1,2}|[a-z])[.)]|·")
_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_RUPIAH = re.compile(r"Rp\.?\s*")
_PAGE_NUMBER = re.compile(r"Halaman \d+ dari \d+")


def load_reference_and_plan() -> AnnualPlan:
    """The Makefile's `reference` target for Yosowilangun: regions, office, statistics, then the
    KAK data file (plan and budget)."""
    call_command("load_reference", scope=DISTRICT, stdout=io.StringIO())
    call_command("load_plan", stdout=io.StringIO())
    return AnnualPlan.objects.get(district_id=DISTRICT, year=2020)


def camat() -> object:
    from sitrantib.accounts.models import User

    return User.objects.create_user(
        "camat-kak", password="Rahasia-Uji-2026", role=Role.CAMAT, district_id=DISTRICT
    )


def approved_kak_2020() -> AnnualPlan:
    """The source KAK was signed: its plan approved by the Camat, as it was in force."""
    plan = load_reference_and_plan()
    return approve_plan(plan=plan, actor=camat())


def render(fmt: str, year: int = 2020) -> bytes:
    return build_kak(ReportRequest(district_code=DISTRICT, year=year, fmt=fmt)).content


_RENDERED_2020: dict[str, bytes] = {}


def rendered_2020(fmt: str) -> bytes:
    """The KAK 2020 of `approved_kak_2020()`, rendered once per test run and shared by the tests
    that only read it (the text round trip, the tables, the page images): every such test loads
    the same reference data and plan the same way, so the files would be the same (docs/adr/0108).
    Call it after `approved_kak_2020()` in the test's own database."""
    if fmt not in _RENDERED_2020:
        _RENDERED_2020[fmt] = render(fmt)
    return _RENDERED_2020[fmt]


# ---------------------------------------------------------------- text


def normalise(text: str) -> str:
    text = text.replace("\u00a0", " ")
    text = _RUPIAH.sub("Rp. ", text)
    text = _THOUSANDS.sub("", text)
    words = [word.rstrip(":") for word in text.split()]
    return " ".join(w for w in words if w and not _MARKER.fullmatch(w))


def seed_items() -> list[str]:
    """The seed document as items in order: each line of text, and each table row (the seed
    writes a table cell as a line starting with a tab, a row's cells one after another)."""
    assert SEED.exists(), f"the source KAK is not at {SEED}"
    items: list[str] = []
    row: list[str] = []
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        if raw.lstrip(" ").startswith("\t"):
            row.append(raw.strip())
            continue
        if row:
            items.append(" ".join(row))
            row = []
        if raw.strip():
            items.append(raw.strip())
    if row:
        items.append(" ".join(row))
    return [n for n in (normalise(item) for item in items) if n]


def docx_text(content: bytes) -> str:
    """Paragraphs and table cells of the DOCX body in document order (a merged cell once)."""
    document = docx.Document(io.BytesIO(content))
    parts: list[str] = []

    def table_text(table: docx.table.Table) -> None:
        for row in table.rows:
            seen: set[int] = set()
            for cell in row.cells:
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                block_text(cell)

    def block_text(container: object) -> None:
        for child in container.iter_inner_content():  # type: ignore[attr-defined]
            if isinstance(child, docx.table.Table):
                table_text(child)
            else:
                parts.append(child.text)

    block_text(document)
    return "\n".join(parts)


def pdf_text(content: bytes) -> str:
    """The PDF's text without the page furniture (the footer's page numbers)."""
    reader = PdfReader(io.BytesIO(content))
    return _PAGE_NUMBER.sub(" ", "\n".join(page.extract_text() for page in reader.pages))


def missing_in_order(expected: list[str], text: str, *, words: bool = True) -> list[str]:
    """The expected items not found, in order, in the normalised text: each item is looked for
    after the end of the previous one found — as whole words, or (`words=False`, the PDF) with
    every space removed from both sides."""
    if words:
        stream, needles = f" {normalise(text)} ", [f" {item} " for item in expected]
    else:
        stream = normalise(text).replace(" ", "")
        needles = [item.replace(" ", "") for item in expected]
    position, missing = 0, []
    for item, needle in zip(expected, needles, strict=True):
        found = stream.find(needle, position)
        if found < 0:
            missing.append(item)
            continue
        position = found + len(needle) - (1 if words else 0)
    return missing


# ---------------------------------------------------------------- page images

DPI = 60
# A page passes when its mean absolute difference (0-255) and the share of its pixels that
# differ by more than PIXEL_THRESHOLD both stay under these limits (docs/adr/0101).
# Measured at 60 dpi on the KAK 2020: softening every edge (a Gaussian blur of 0.3 px, what a
# change of anti-aliasing does) gives a mean of up to 1.9 and no pixel past the threshold; one
# missing line of text gives 0.08-0.14 % differing pixels, a table moved by 1-2 px 2-6 %.
MAX_MEAN_DIFFERENCE = 2.5
PIXEL_THRESHOLD = 64
MAX_DIFFERING_SHARE = 0.0005


def page_images(pdf: bytes, dpi: int = DPI) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()


@dataclass(frozen=True)
class Difference:
    mean: float
    share: float

    @property
    def within_tolerance(self) -> bool:
        return self.mean <= MAX_MEAN_DIFFERENCE and self.share <= MAX_DIFFERING_SHARE


def difference(image: Image.Image, reference: Image.Image) -> Difference:
    if image.size != reference.size:
        return Difference(mean=255.0, share=1.0)
    delta = ImageChops.difference(image.convert("L"), reference.convert("L"))
    histogram = delta.histogram()
    pixels = image.size[0] * image.size[1]
    mean = sum(value * count for value, count in enumerate(histogram)) / pixels
    share = sum(histogram[PIXEL_THRESHOLD + 1 :]) / pixels
    return Difference(mean=round(mean, 4), share=round(share, 5))


def reference_path(page: int) -> Path:
    return REFERENCE_DIR / f"kak-2020-page-{page}.png"


def reference_images() -> list[Image.Image]:
    paths = sorted(
        REFERENCE_DIR.glob("kak-2020-page-*.png"),
        key=lambda p: int(p.stem.rsplit("-", 1)[1]),
    )
    return [Image.open(p).convert("L") for p in paths]


def write_reference_images(pdf: bytes) -> list[Path]:
    REFERENCE_DIR.mkdir(exist_ok=True)
    for old in REFERENCE_DIR.glob("kak-2020-page-*.png"):
        old.unlink()
    written = []
    for number, image in enumerate(page_images(pdf), start=1):
        path = reference_path(number)
        image.save(path, optimize=True)
        written.append(path)
    return written


def median(values: list[float]) -> float:
    return statistics.median(values)
