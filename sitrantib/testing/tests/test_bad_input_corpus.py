"""The corpus is what it claims: small files that would cost a lot, mislabelled content."""

import io
import zipfile

from PIL import Image

from sitrantib.testing.bad_input import (
    SCRIPT,
    bad_files,
    cases_for_property,
    png_bomb,
    sample,
    xlsx_bomb,
)


def test_xlsx_bomb_is_small_and_unpacks_to_hundreds_of_megabytes() -> None:
    data = xlsx_bomb()
    unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) < 400_000
    assert unpacked > 200 * 1024 * 1024


def test_png_bomb_claims_twenty_thousand_pixels_a_side_in_a_few_bytes() -> None:
    data = png_bomb()
    Image.MAX_IMAGE_PIXELS = None  # read the header only, as an attacker's target would
    try:
        size = Image.open(io.BytesIO(data)).size
    finally:
        Image.MAX_IMAGE_PIXELS = 89_478_485
    assert (len(data) < 1_000, size) == (True, (20_000, 20_000))


def test_no_corpus_file_is_what_its_name_says() -> None:
    for bad in bad_files({"pdf", "photo"}):
        if bad.name.endswith(".pdf"):
            assert not bad.content.startswith(b"%PDF-1.") or len(bad.content) < 30, bad.label
    assert {b.label for b in bad_files({"xlsx"})} >= {
        "PDF named .xlsx",
        "XLSX bomb (200 MB unpacked)",
    }


def test_cases_follow_the_schema_and_the_sample_keeps_the_missing_case() -> None:
    text = {"type": "string", "maxLength": 10}
    cases = cases_for_property(text, required=True, components={})
    labels = [c.label for c in cases]
    assert labels[:3] == ["missing required", "length 11", "length 100000"]
    assert sample(cases, limit=3, seed="x")[0].label == "missing required"
    assert len(sample(cases, limit=3, seed="x")) == 3
    choice = {"oneOf": [{"enum": ["a", "b"]}, {"enum": [""]}]}
    assert SCRIPT in [c.value for c in cases_for_property(choice, required=False, components={})]
