import pytest

from publications.names import MemberIndex, parse_name
from tests.factories import MemberFactory


@pytest.mark.parametrize(
    "spelling",
    ["Greenberg, D. S.", "D.S. Greenberg", "David Greenberg", "David S. Greenberg",
     "Greenberg, David", "GREENBERG, D", "Greenberg"],
)  # fmt: skip
def test_variants_of_one_name_all_match(db, spelling):
    david = MemberFactory(name="David Greenberg")
    key = parse_name(spelling)
    assert MemberIndex([david]).candidates(key.family, " ".join(key.given)) == [david]


@pytest.mark.parametrize("spelling", ["Daniel Greenberg", "Greenberg, E.", "David Grünberg"])
def test_different_people_do_not_match(db, spelling):
    david = MemberFactory(name="David Greenberg")
    key = parse_name(spelling)
    assert MemberIndex([david]).candidates(key.family, " ".join(key.given)) == []


def test_accents_and_other_spellings_match(db):
    kai = MemberFactory(name="Kai Sørensen", other_names="Kai Soerensen")
    lena = MemberFactory(name="Lena Hoffmann", other_names="Lena Vogt\n\nHoffmann, L.")
    index = MemberIndex([kai, lena])
    assert index.candidates("Sorensen", "K.") == [kai]
    assert index.candidates("Soerensen", "Kai") == [kai]
    assert index.candidates("Vogt", "L.") == [lena]
    assert index.candidates("Vogt", "Anna") == []


def test_an_initial_shared_by_two_members_is_ambiguous(db):
    daniel = MemberFactory(name="Daniel Weber")
    dora = MemberFactory(name="Dora Weber")
    index = MemberIndex([daniel, dora])
    assert index.candidates("Weber", "D.") == [daniel, dora]
    assert index.candidates("Weber", "Dora") == [dora]
