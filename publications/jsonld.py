"""schema.org ScholarlyArticle for a paper page: a pure function; the view only prints it."""

from groupsite.content.seo import absolute_url
from publications.models import PublicationType

SCHEMA_TYPES = {
    PublicationType.THESIS: "Thesis",
    PublicationType.BOOK: "Book",
    PublicationType.REPORT: "Report",
    PublicationType.SOFTWARE: "SoftwareSourceCode",
    PublicationType.DATASET: "Dataset",
}


def scholarly_article(publication, base_url: str) -> dict:
    page = absolute_url(base_url, publication)
    data = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(publication.kind, "ScholarlyArticle"),
        "@id": page,
        "url": page,
        "headline": publication.title[:110],
        "name": publication.title,
        "author": [_person(a, base_url) for a in publication.authorships.all()],
        "datePublished": publication.publication_date,
    }
    if publication.venue:
        container = "Periodical" if publication.kind == PublicationType.ARTICLE else "CreativeWork"
        data["isPartOf"] = {"@type": container, "name": publication.venue}
    optional = {
        "volumeNumber": publication.volume,
        "issueNumber": publication.issue,
        "pagination": publication.pages,
        "abstract": publication.abstract,
        "keywords": publication.keyword_list,
    }
    data.update({key: value for key, value in optional.items() if value})
    if publication.publisher:
        data["publisher"] = {"@type": "Organization", "name": publication.publisher}
    if publication.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI",
                              "value": publication.doi}  # fmt: skip
    same_as = [
        link for link in (publication.doi_url, publication.arxiv_url, publication.url) if link
    ]
    if same_as:
        data["sameAs"] = same_as
    return data


def _person(authorship, base_url: str) -> dict:
    person = {"@type": "Person", "name": authorship.name}
    if authorship.family_name and authorship.given_names:
        person.update(familyName=authorship.family_name, givenName=authorship.given_names)
    member = authorship.member
    if member is not None and member.is_live:
        person["url"] = absolute_url(base_url, member)
        if member.orcid:
            person["sameAs"] = member.orcid_url
    return person
