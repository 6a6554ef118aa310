import json
import re
from datetime import date

import pytest

from people.jsonld import job_posting
from tests.factories import MemberFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_open_position_carries_job_posting(client, site_settings):
    site_settings.city, site_settings.country_code = "Geesthacht", "DE"
    site_settings.save()
    contact = MemberFactory(email="lead@example.org")
    position = PositionFactory(
        title="PhD: flows", level="phd", deadline=date(2099, 3, 1), contact_email="",
        contact_member=contact, description="Work on **flows**.",
    )  # fmt: skip
    html = client.get(position.get_absolute_url()).content.decode()
    (payload,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(payload)
    assert data["@type"] == "JobPosting"
    assert data["title"] == "PhD: flows"
    assert data["description"] == "<p>Work on <strong>flows</strong>.</p>"
    assert data["employmentType"] == "FULL_TIME"
    assert data["validThrough"] == "2099-03-01T23:59:59+01:00"
    assert data["hiringOrganization"] == {
        "@type": "Organization", "name": "Test Institute", "sameAs": "https://institute.example/",
    }  # fmt: skip
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress", "addressLocality": "Geesthacht", "addressCountry": "DE",
    }  # fmt: skip
    assert data["applicationContact"] == {"@type": "ContactPoint", "email": "lead@example.org"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["datePosted"])


def test_job_posting_called_directly(site_settings):
    position = PositionFactory(title="Postdoc", level="postdoc", deadline=date(2099, 7, 1),
                               contact_email="jobs@example.org", description="Hi.")  # fmt: skip
    data = job_posting(position, site_settings, "https://site.example")
    assert data["url"] == f"https://site.example{position.get_absolute_url()}"
    assert data["validThrough"] == "2099-07-01T23:59:59+02:00"  # summer time in Berlin
    assert data["applicationContact"] == {"@type": "ContactPoint", "email": "jobs@example.org"}
    assert data["description"] == "<p>Hi.</p>"


def test_job_posting_without_deadline_has_no_valid_through(site_settings):
    data = job_posting(PositionFactory(deadline=None), site_settings, "https://site.example")
    assert "validThrough" not in data


def test_job_posting_carries_the_place_start_and_the_sites_postal_address(site_settings):
    site_settings.street_address, site_settings.postal_code = "Max-Planck-Straße 1", "21502"
    site_settings.city, site_settings.country_code = "Geesthacht", "DE"
    position = PositionFactory(place="Geesthacht campus", start="1 October 2027")
    data = job_posting(position, site_settings, "https://site.example")
    assert data["jobLocation"] == {
        "@type": "Place",
        "name": "Geesthacht campus",
        "address": {
            "@type": "PostalAddress", "streetAddress": "Max-Planck-Straße 1",
            "postalCode": "21502", "addressLocality": "Geesthacht", "addressCountry": "DE",
        },
    }  # fmt: skip
    assert data["jobStartDate"] == "1 October 2027"


def test_job_posting_leaves_out_what_is_not_given(site_settings):
    site_settings.street_address = site_settings.postal_code = site_settings.city = ""
    site_settings.country_code = ""
    data = job_posting(PositionFactory(), site_settings, "https://site.example")
    assert data["jobLocation"] == {"@type": "Place", "address": {"@type": "PostalAddress"}}
    assert "jobStartDate" not in data
