import hashlib
import json
import logging
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.generic import DetailView, TemplateView

from groupsite.content.jsonld import as_script
from groupsite.content.publishing import can_preview
from groupsite.content.seo import site_root
from publications import selectors
from publications.bibtex_export import to_bibtex
from publications.citations import coins_title, csl_json, formatted_citation, highwire_tags
from publications.jsonld import scholarly_article
from publications.models import Publication, PublicationType

logger = logging.getLogger(__name__)

PAGE_SIZE = 30
CITATION_CACHE_SECONDS = 30 * 24 * 3600
BIBTEX_TYPE = "application/x-bibtex; charset=utf-8"
CSL_JSON_TYPE = "application/vnd.citationstyles.csl+json"


class PublicationListView(TemplateView):
    template_name = "publications/list.html"

    def get_context_data(self, **kwargs):
        filters = selectors.PublicationFilters.from_query(self.request.GET)
        user = self.request.user
        publications = selectors.filtered_publications(filters, user)
        page = Paginator(publications, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = filters.as_query()
        return super().get_context_data(
            **kwargs,
            filters=filters,
            years=selectors.year_range(user),
            kinds=PublicationType.choices,
            authors=selectors.authors_for_filter(),
            page_obj=page,
            groups=selectors.group_by_year(page.object_list),
            filter_query=urlencode(query),
            bibtex_url=_with_query("publications:export_bibtex", query),
            csl_url=_with_query("publications:export_csl", query),
        )


def _with_query(name: str, query: dict) -> str:
    encoded = urlencode(query)
    return reverse(name) + (f"?{encoded}" if encoded else "")


class PublicationDetailView(DetailView):
    page_cache_query_parameters = ()  # reads no query parameter (groupsite.http.cache)
    template_name = "publications/detail.html"
    context_object_name = "publication"

    def get_queryset(self):
        return (
            selectors.visible_publications(self.request.user)
            .with_authors()
            .select_related("published_version")
        )

    def get_context_data(self, **kwargs):
        publication = self.object
        base_url = site_root(self.request)
        preprints = selectors.visible_publications(self.request.user).filter(
            published_version=publication
        )
        return super().get_context_data(
            **kwargs,
            citation=mark_safe(cached_citation(publication)),  # sanitised by formatted_citation
            bibtex=to_bibtex([publication], base_url),
            meta_tags=highwire_tags(publication, base_url),
            coins=coins_title(publication),
            structured_data=as_script(scholarly_article(publication, base_url)),
            published_version=_visible_version(publication, self.request.user),
            preprints=list(preprints.only("title", "slug", "year")),
        )


def _visible_version(publication, user):
    version = publication.published_version
    if version is None:
        return None
    return version if version.is_live or can_preview(user) else None


def cached_citation(publication) -> str:
    """Formatting takes citeproc a tenth of a second, so each text is formatted once."""
    data = json.dumps(csl_json(publication), sort_keys=True, default=str)
    key = "publication-citation:" + hashlib.sha256(data.encode()).hexdigest()
    try:
        citation = cache.get(key)
    except Exception as error:  # the cache is a shortcut; without it we format again
        logger.warning("Citation cache unavailable: %s", error)
        citation = None
    if citation is None:
        citation = formatted_citation(publication)
        try:
            cache.set(key, citation, CITATION_CACHE_SECONDS)
        except Exception as error:
            logger.warning("Citation cache unavailable: %s", error)
    return citation


def _attachment(filters, extension: str) -> str:
    """The export's Content-Disposition, naming only a published member, never echoing input."""
    member = selectors.published_member(filters.member)
    name = f"publications-{member.slug}" if member else "publications"
    return content_disposition_header(True, f"{name}.{extension}")


def export_bibtex(request):
    filters = selectors.PublicationFilters.from_query(request.GET)
    publications = selectors.filtered_publications(filters, request.user)
    response = HttpResponse(to_bibtex(publications, site_root(request)), content_type=BIBTEX_TYPE)
    response["Content-Disposition"] = _attachment(filters, "bib")
    return response


def export_csl(request):
    filters = selectors.PublicationFilters.from_query(request.GET)
    publications = selectors.filtered_publications(filters, request.user)
    base_url = site_root(request)
    response = JsonResponse(
        [csl_json(p, base_url) for p in publications],
        safe=False,
        content_type=CSL_JSON_TYPE,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = _attachment(filters, "json")
    return response


def _one(request, slug) -> Publication:
    publications = selectors.visible_publications(request.user).with_authors()
    return get_object_or_404(publications, slug=slug)


def publication_bibtex(request, slug):
    publication = _one(request, slug)
    response = HttpResponse(to_bibtex([publication], site_root(request)), content_type=BIBTEX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{publication.slug}.bib")
    return response


def publication_csl(request, slug):
    publication = _one(request, slug)
    return JsonResponse(
        [csl_json(publication, site_root(request))],
        safe=False,
        content_type=CSL_JSON_TYPE,
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
