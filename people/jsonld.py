"""schema.org JobPosting for an open position: a pure function; the view only prints it."""

from datetime import datetime, time

from django.utils import timezone

from groupsite.content.seo import absolute_url
from groupsite.markdown.render import render_markdown
from people.models import Level

EMPLOYMENT_TYPE = {
    Level.MASTERS_THESIS: "INTERN",
    Level.PHD: "FULL_TIME",
    Level.POSTDOC: "FULL_TIME",
    Level.OTHER: "OTHER",
}


def postal_address(site) -> dict:
    """The site's address as a schema.org PostalAddress; only the parts staff filled in."""
    parts = {
        "streetAddress": site.street_address,
        "postalCode": site.postal_code,
        "addressLocality": site.city,
        "addressCountry": site.country_code,
    }
    return {"@type": "PostalAddress", **{key: value for key, value in parts.items() if value}}


def job_posting(position, site, base_url: str) -> dict:
    organisation = site.host_institution or site.group_name
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": position.title,
        "description": str(render_markdown(position.description)),
        "datePosted": timezone.localtime(position.created_at).date().isoformat(),
        "employmentType": EMPLOYMENT_TYPE[position.level],
        "url": absolute_url(base_url, position),
        "hiringOrganization": {
            "@type": "Organization",
            "name": organisation,
            **({"sameAs": site.host_institution_url} if site.host_institution_url else {}),
        },
        "jobLocation": {
            "@type": "Place",
            **({"name": position.place} if position.place else {}),
            "address": postal_address(site),
        },
    }
    if position.start:
        data["jobStartDate"] = position.start  # schema.org allows a date or text
    if position.deadline:
        # Open through the whole deadline day, in the site's time zone.
        last_moment = datetime.combine(position.deadline, time(23, 59, 59))
        data["validThrough"] = timezone.make_aware(last_moment).isoformat()
    if position.application_email:
        data["applicationContact"] = {
            "@type": "ContactPoint",
            "email": position.application_email,
        }
    return data
