import pytest

from bulletin.text import count_units, did_you_mean, has_cjk, slugify


@pytest.mark.parametrize(("text", "units"), [
    ("Reservoir levels fall", 3),
    ("水库水位下降", 6),
    ("水库水位下降 at 3 sites", 9),
    ("Zhang San's well-known report.", 4),
    ("", 0),
    ("，。！", 0),
])
def test_count_units_counts_cjk_characters_and_latin_words(text: str, units: int) -> None:
    assert count_units(text) == units


def test_has_cjk() -> None:
    assert has_cjk("西山 district")
    assert not has_cjk("Xishan district")


@pytest.mark.parametrize(("title", "slug"), [
    ("Reservoir levels fall below the flood-season limit", "reservoir-levels-fall-below-the-flood"),
    ("Café reopens: 3 days late!", "cafe-reopens-3-days-late"),
    ("西山区老旧小区改造进展", "xishanqu-laojiu-xiaoqu-gaizao-jinzhan"),
    ("!!!", "item"),
])
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_did_you_mean() -> None:
    assert did_you_mean("internel", ["public", "internal"]) == " (did you mean 'internal'?)"
    assert did_you_mean("zzz", ["public", "internal"]) == ""
