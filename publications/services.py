"""Writes: importing publications (plan first, then apply), linking authors to members.

One plan/apply pair for every file: BibTeX (plan_import/apply_import) and spreadsheets
(publications.sheets reads rows into the same entries; plan_entries/apply_entries). An
import is planned against the database without writing anything: every entry is new,
changed (with the changes) or unchanged, and every author name is matched, unmatched or
ambiguous. Applying re-plans (the database may have moved since the preview) and writes
the whole plan in one transaction, or nothing if the file has any error. Imports take
turns (a PostgreSQL advisory lock held to the commit), so two confirmations of one preview
(a double click, two tabs) import once: the second plans after the first committed and
finds every entry unchanged.
"""

from collections import Counter
from dataclasses import dataclass, field

import reversion
from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from groupsite.deadline import check_time
from people.models import Member
from publications.bibtex import AuthorName, BibEntry, parse_bibtex
from publications.models import Authorship, Publication, PublicationType
from publications.names import MemberIndex

# Fields an import writes; a field the file leaves empty keeps what the site has.
IMPORTED_FIELDS = ("kind", "title", "year", "month", "date", "venue", "volume", "issue",
                   "pages", "publisher", "doi", "arxiv_id", "url", "abstract", "keywords",
                   "selected", "pdf_url", "code_url", "data_url", "slides_url",
                   "video_url", "more_authors")  # fmt: skip
# The author list is always rewritten, and with it whether it ends in "and others".
ALWAYS_WRITTEN = ("kind", "title", "year", "more_authors")
SLUG_LENGTH = 80
# Any fixed number, the same in every process: the advisory lock imports take turns on.
IMPORT_LOCK_ID = 0x7075626C
RACED = gettext_lazy(
    "Another import or an edit saved a publication with the same address or BibTeX key "
    "while this import ran. Nothing from this file was saved; confirm again to import it "
    "against what the site holds now."
)


class ImportRefused(Exception):
    """The file cannot be imported; ``reasons`` says why, all of them."""

    def __init__(self, reasons: list[str]):
        super().__init__("\n".join(reasons))
        self.reasons = reasons


@dataclass
class AuthorMatch:
    author: AuthorName
    member: Member | None = None
    candidates: list = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.member:
            return "matched"
        return "ambiguous" if len(self.candidates) > 1 else "unmatched"


@dataclass
class PlannedEntry:
    entry: BibEntry
    publication: Publication | None
    changes: list[tuple[str, str, str]]
    authors: list[AuthorMatch]
    new_values: dict

    @property
    def action(self) -> str:
        if self.publication is None:
            return "new"
        return "changed" if self.changes else "unchanged"


@dataclass
class ImportPlan:
    entries: list[PlannedEntry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def with_action(self, action: str) -> list[PlannedEntry]:
        return [planned for planned in self.entries if planned.action == action]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(planned.action for planned in self.entries)
        return {action: counted[action] for action in ("new", "changed", "unchanged")}

    @property
    def ambiguous_names(self):
        return self.names_with_status("ambiguous")

    @property
    def unmatched_names(self):
        return self.names_with_status("unmatched")

    def names_with_status(self, status: str) -> list[tuple[str, list, int]]:
        """(name, candidate members, number of papers) for every unmatched/ambiguous name."""
        found: dict[str, tuple[list, int]] = {}
        for planned in self.entries:
            for match in planned.authors:
                if match.status == status:
                    candidates, count = found.get(match.author.name, (match.candidates, 0))
                    found[match.author.name] = (candidates, count + 1)
        return [(name, found[name][0], found[name][1]) for name in sorted(found)]


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


def plan_import(text: str) -> ImportPlan:
    """What importing the BibTeX ``text`` would do; writes nothing."""
    parsed = parse_bibtex(text)
    return plan_entries(parsed.entries, errors=parsed.errors, skipped=parsed.skipped)


def plan_entries(entries: list[BibEntry], errors=(), skipped=()) -> ImportPlan:
    """What importing ``entries`` (from any reader) would do; writes nothing."""
    plan = ImportPlan(errors=list(errors), skipped=list(skipped))
    planner = EntryPlanner(entries)
    claimed: dict[int, str] = {}
    for entry in entries:
        check_time()
        publication = planner.existing.match(entry)
        if publication is not None:
            if publication.pk in claimed:
                plan.errors.append(
                    _(
                        "Line %(line)s: entries “%(first)s” and “%(second)s” both match the "
                        "existing publication “%(title)s”."
                    )
                    % {
                        "line": entry.line,
                        "first": claimed[publication.pk],
                        "second": entry.key,
                        "title": publication.title,
                    }
                )
                continue
            claimed[publication.pk] = entry.key
        too_long = _overlong_fields(entry)
        if too_long:
            plan.errors.extend(too_long)
            continue
        plan.entries.append(planner.plan(entry, publication))
    return plan


class EntryPlanner:
    """What the entries of one file are planned against, read once for the file: the
    publications they may match and the members their authors may be."""

    def __init__(self, entries: list[BibEntry]):
        self.existing = ExistingPublications(entries)
        self.index = MemberIndex(Member.objects.all())

    def plan(self, entry: BibEntry, publication: Publication | None) -> "PlannedEntry":
        return _plan_entry(entry, publication, self.index, self.existing)


def _overlong_fields(entry: BibEntry) -> list[str]:
    """Values longer than the database takes: refused with a reason, never cut silently."""
    reasons = []
    checks = [(Publication, name, entry.fields[name]) for name in IMPORTED_FIELDS]
    checks.append((Publication, "bibtex_key", entry.key))
    for author in entry.authors or []:
        checks += [(Authorship, name, getattr(author, name))
                   for name in ("name", "family_name", "given_names")]  # fmt: skip
    for model, name, value in checks:
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            label = model._meta.get_field(name).verbose_name
            reasons.append(
                _("Line %(line)s, entry “%(key)s”: the %(field)s is longer than %(limit)s "
                  "characters.")
                % {"line": entry.line, "key": entry.key, "field": label, "limit": limit}
            )  # fmt: skip
    return reasons


class ExistingPublications:
    """The site's publications an import might update: by DOI, then arXiv id, then key,
    and last by address (a sheet's row of a paper without identifiers)."""

    def __init__(self, entries: list[BibEntry]):
        dois = {e.fields["doi"].lower() for e in entries if e.fields["doi"]}
        arxiv_ids = {e.fields["arxiv_id"] for e in entries if e.fields["arxiv_id"]}
        keys = {e.key for e in entries if e.key}
        slugs = {e.slug for e in entries if e.slug}
        candidates = list(
            Publication.objects.annotate(doi_lower=Lower("doi"))
            .filter(Q(doi_lower__in=dois) | Q(arxiv_id__in=arxiv_ids) | Q(bibtex_key__in=keys)
                    | Q(slug__in=slugs))
            .prefetch_related(Prefetch("authorships", Authorship.objects.select_related("member")))
        )  # fmt: skip
        self.by_doi = {p.doi_lower: p for p in candidates if p.doi}
        self.by_arxiv = {(p.arxiv_id, p.is_preprint): p for p in candidates if p.arxiv_id}
        self.by_key = {p.bibtex_key: p for p in candidates if p.bibtex_key}
        self.by_slug = {p.slug: p for p in candidates}
        self.taken_keys = set(self.by_key)
        self.slugs = set(Publication.objects.values_list("slug", flat=True))

    def match(self, entry: BibEntry) -> Publication | None:
        fields = entry.fields
        is_preprint = fields["kind"] == PublicationType.PREPRINT
        if fields["doi"] and fields["doi"].lower() in self.by_doi:
            return self.by_doi[fields["doi"].lower()]
        if fields["arxiv_id"] and (fields["arxiv_id"], is_preprint) in self.by_arxiv:
            return self.by_arxiv[(fields["arxiv_id"], is_preprint)]
        if entry.key in self.by_key:
            return self.by_key[entry.key]
        return self.by_slug.get(entry.slug) if entry.slug else None

    def new_slug(self, entry: BibEntry) -> str:
        """From the title (transliterated to ASCII), else the key; a title and key without
        Latin letters (日本語の論文) get publication-<n>: an empty slug has no address."""
        base = slugify(entry.fields["title"])[:SLUG_LENGTH].strip("-") or slugify(entry.key)
        if base:
            slug, number = base, 2
        else:
            base, number = "publication", 1
            slug = f"{base}-{number}"
        while slug in self.slugs:
            slug, number = f"{base}-{number}", number + 1
        self.slugs.add(slug)
        return slug


def _written(entry: BibEntry, name: str) -> bool:
    """A BibTeX entry writes what it has (and ALWAYS_WRITTEN); a sheet's row what it gives."""
    if entry.given is not None:
        return name in entry.given
    return name in ALWAYS_WRITTEN or entry.fields[name] not in ("", None, False)


def _plan_entry(entry, publication, index, existing) -> PlannedEntry:
    old_authorships = list(publication.authorships.all()) if publication else []
    authors = None
    if entry.authors is not None:
        authors = match_authors(entry.authors, old_authorships, index)
    values = {name: entry.fields[name] for name in IMPORTED_FIELDS if _written(entry, name)}
    if entry.published is not None:
        values["published"] = entry.published
    if publication is None:
        values["slug"] = entry.slug or existing.new_slug(entry)
        values["bibtex_key"] = entry.key
        return PlannedEntry(entry, None, [], authors, values)
    if entry.slug:
        values["slug"] = entry.slug
    if entry.key and entry.key != publication.bibtex_key and entry.key not in existing.taken_keys:
        values["bibtex_key"] = entry.key
    changes = [
        (Publication._meta.get_field(name).verbose_name, _shown(getattr(publication, name)),
         _shown(value))
        for name, value in values.items() if getattr(publication, name) != value
    ]  # fmt: skip
    if authors is None:  # a sheet without an authors column: they stay as they are
        return PlannedEntry(entry, publication, changes, authors, values)
    old_names = [a.name for a in old_authorships]
    new_names = [match.author.name for match in authors]
    if old_names != new_names:
        changes.append(("authors", "; ".join(old_names), "; ".join(new_names)))
    elif linked := links_added(old_authorships, authors):
        changes.append(("author links", "", ", ".join(linked)))
    return PlannedEntry(entry, publication, changes, authors, values)


def match_authors(authors: list[AuthorName], old_authorships, index: MemberIndex):
    """Each author name matched to a member where the name decides (publications.names).

    A link staff made (or an earlier import made) stays, even where the name alone
    would not decide.
    """
    kept_links = {a.name: a.member for a in old_authorships if a.member_id}
    matches = []
    for author in authors:
        candidates = index.candidates(author.family_name, author.given_names)
        member = kept_links.get(author.name)
        if member is None and len(candidates) == 1:
            member = candidates[0]
        matches.append(AuthorMatch(author, member, candidates))
    return matches


def links_added(old_authorships, matches: list[AuthorMatch]) -> list[str]:
    """Names an import would newly link to a member (the names themselves unchanged)."""
    return [m.author.name for a, m in zip(old_authorships, matches, strict=True)
            if a.member_id is None and m.member]  # fmt: skip


def _shown(value) -> str:
    return "" if value is None else str(value)


def apply_import(text: str, *, publish: bool = True, comment: str = "") -> ImportResult:
    """Import the BibTeX ``text`` completely, or raise ImportRefused and write nothing."""
    return _apply_locked(lambda: plan_import(text), publish=publish, comment=comment)


def apply_entries(
    entries: list[BibEntry], *, publish: bool = True, comment: str = "", user=None
) -> ImportResult:
    """Import ``entries`` (from any reader) completely, or raise ImportRefused and write
    nothing; the history entries are ``user``'s."""
    return _apply_locked(lambda: plan_entries(entries), publish=publish, comment=comment,
                         user=user)  # fmt: skip


def _apply_locked(replan, *, publish: bool, comment: str, user=None) -> ImportResult:
    try:
        with transaction.atomic():
            _one_import_at_a_time()
            # Planned under the lock: a concurrent import of the same file has committed
            # by now, and its entries are found unchanged instead of created twice.
            plan = replan()
            if plan.errors:
                raise ImportRefused(plan.errors)
            _apply_plan(plan, publish=publish, comment=comment, user=user)
    except IntegrityError:
        # An admin edit (which does not take the lock) or, on SQLite, another import got
        # there first: refused with a reason, never a failed request.
        raise ImportRefused([str(RACED)]) from None
    counts = plan.counts
    return ImportResult(counts["new"], counts["changed"], counts["unchanged"])


def _one_import_at_a_time() -> None:
    """Wait for any other import to commit; released when this transaction ends.
    SQLite has one writer at a time anyway; a clash there ends in RACED."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_ID])


def _apply_plan(plan: ImportPlan, *, publish: bool, comment: str, user=None) -> None:
    counts = plan.counts
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(
            comment
            or _("BibTeX import: %(new)s new, %(changed)s changed.")
            % {"new": counts["new"], "changed": counts["changed"]}
        )
        touched = []
        for planned in plan.entries:
            check_time()  # raised inside the transaction: nothing is kept
            if planned.action == "new":
                publication = Publication(**{"published": publish, **planned.new_values})
                publication.save()
                write_authors(publication, planned.authors)
            elif planned.action == "changed":
                publication = planned.publication
                for name, value in planned.new_values.items():
                    setattr(publication, name, value)
                publication.save()
                write_authors(publication, planned.authors)
            else:
                publication = planned.publication
            touched.append(publication)
        link_published_versions(touched)


def write_authors(publication: Publication, matches: list[AuthorMatch]) -> None:
    """Replace the authors (None: a sheet without them, which leaves them); the history
    entry is taken again so that it holds them."""
    if matches is None:
        return
    publication.authorships.all().delete()
    Authorship.objects.bulk_create(
        Authorship(
            publication=publication,
            position=position,
            name=match.author.name,
            family_name=match.author.family_name,
            given_names=match.author.given_names,
            member=match.member,
        )
        for position, match in enumerate(matches)
    )
    # reversion saved the paper on post_save, before it had authors.
    if reversion.is_active():
        reversion.add_to_revision(publication)


def link_published_versions(publications) -> int:
    """Point each preprint without a published version at the paper with its arXiv id."""
    preprints = [p for p in publications if p.is_preprint and p.arxiv_id and
                 not p.published_version_id]  # fmt: skip
    if not preprints:
        return 0
    published = {
        p.arxiv_id: p
        for p in Publication.objects.exclude(kind=PublicationType.PREPRINT).filter(
            arxiv_id__in=[p.arxiv_id for p in preprints]
        )
    }
    linked = 0
    for preprint in preprints:
        if preprint.arxiv_id in published:
            preprint.published_version = published[preprint.arxiv_id]
            preprint.save(update_fields=["published_version", "updated_at"])
            linked += 1
    return linked
