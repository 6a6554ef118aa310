import pytest

from tests.factories import PositionFactory

pytestmark = pytest.mark.django_db


def test_positions_carry_teaser_place_start_and_duration(client, site_settings):
    PositionFactory(title="PhD on mixing", teaser="Three years on mixing.", place="Geesthacht",
                    start="1 October 2027", duration="3 years")  # fmt: skip
    PositionFactory(title="Postdoc without facts")
    results = client.get("/api/v1/positions").json()["results"]
    facts = {r["title"]: (r["teaser"], r["place"], r["start"], r["duration"]) for r in results}
    assert facts == {
        "PhD on mixing": ("Three years on mixing.", "Geesthacht", "1 October 2027", "3 years"),
        "Postdoc without facts": ("", "", "", ""),
    }
