"""The authority reference list and names as documents write them."""

import pytest

from trajectories import authorities


def test_reference_covers_three_nations():
    ref = authorities.reference()
    wales = [a for a in ref if a.nation.value == "Wales"]
    scotland = [a for a in ref if a.nation.value == "Scotland"]
    england = [a for a in ref if a.nation.value == "England" and a.valid_to is None]
    assert len(wales) == 22 and len(scotland) == 32
    assert len(england) >= 153
    assert all(a.code[:3] in {"E06", "E08", "E09", "E10"} for a in england)


@pytest.mark.parametrize(
    "written, code",
    [
        ("Wrexham CBC", "W06000006"),
        ("Wrexham County Borough Council", "W06000006"),
        ("City of Bradford Metropolitan District Council", "E08000032"),
        ("Bradford Children and Families Trust", "E08000032"),
        ("St. Helens", "E08000013"),
        ("St Helens Borough Council", "E08000013"),
        ("Brighton & Hove", "E06000043"),
        ("Telford & Wrekin", "E06000020"),
        ("Kingston upon Hull City Council", "E06000010"),
        ("Royal Borough of Windsor and Maidenhead", "E06000040"),
        ("London Borough of Barking and Dagenham", "E09000002"),
        ("Ynys Môn", "W06000001"),
        ("Comhairle nan Eilean Siar", "S12000013"),
        ("City of Edinburgh Council", "S12000036"),
        ("Cumbria County Council", "E10000006"),
        ("Cumberland Council", "E06000063"),
    ],
)
def test_names_documents_use(written, code):
    assert authorities.match(written).code == code


@pytest.mark.parametrize("written", ["Atlantis County Council", "", "Council", "Achieving for Children"])
def test_unknown_or_ambiguous_names_do_not_match(written):
    assert authorities.match(written) is None


def test_lineage_of_reorganisations():
    successors = {ln.successor for ln in authorities.LINEAGE if ln.predecessor == "E10000006"}
    assert successors == {"E06000063", "E06000064"}
    cumbria = authorities.by_code()["E10000006"]
    assert cumbria.valid_to.isoformat() == "2023-03-31"
