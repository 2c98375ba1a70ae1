"""Page images of the KAK 2020 PDF against reviewed references (docs/adr/0101).

Each page is drawn at 60 dpi in greyscale and compared with
sitrantib/reports/tests/reference/kak-2020-page-N.png: same number of pages, and per page a
mean absolute difference and a share of clearly differing pixels within the limits set in
kak_support.py. The limits accept anti-aliasing noise (every edge softened) and refuse a block
moved by a pixel or two or a missing line: `test_tolerance_*` below show both on the references
themselves.

After a deliberate change of the layout, look at the new pages and refresh the references:

    .venv/bin/python -m sitrantib.reports.tests.refresh_reference
"""

import os

import pytest
from PIL import Image, ImageFilter

from sitrantib.reports.tests.kak_support import (
    approved_kak_2020,
    difference,
    page_images,
    reference_images,
    render,
    rendered_2020,
    write_reference_images,
)

REFRESH = os.environ.get("SITRANTIB_REFRESH_KAK_REFERENCE") == "1"


@pytest.mark.django_db
def test_pages_match_the_reviewed_reference():
    approved_kak_2020()
    pdf = render("pdf") if REFRESH else rendered_2020("pdf")
    if REFRESH:
        write_reference_images(pdf)
    pages = page_images(pdf)
    references = reference_images()

    differences = [difference(page, ref) for page, ref in zip(pages, references, strict=False)]
    assert len(pages) == len(references), "the KAK has another number of pages"
    assert [d for d in differences if not d.within_tolerance] == [], differences


def _moved(image: Image.Image, box: tuple[int, int, int, int], dx: int, dy: int) -> Image.Image:
    moved = image.copy()
    region = image.crop(box)
    moved.paste(255, box)
    moved.paste(region, (box[0] + dx, box[1] + dy))
    return moved


def test_tolerance_accepts_anti_aliasing_noise():
    for reference in reference_images():
        softened = reference.filter(ImageFilter.GaussianBlur(0.3))

        assert difference(softened, reference).within_tolerance


def test_tolerance_refuses_a_moved_table_or_a_missing_block():
    # Page 2 holds the first desa table (rows in the lower half of the page).
    reference = reference_images()[1]
    width, height = reference.size
    table = (0, height // 2, width, height - height // 8)
    missing_line = reference.copy()
    missing_line.paste(255, (0, height // 2, width, height // 2 + 12))

    assert difference(reference, reference).within_tolerance
    assert not difference(_moved(reference, table, 0, 2), reference).within_tolerance
    assert not difference(_moved(reference, table, 2, 0), reference).within_tolerance
    assert not difference(missing_line, reference).within_tolerance
