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
