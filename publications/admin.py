from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from groupsite.content.admin_base import HTTPS_URLS, ContentAdmin
from groupsite.deadline import OutOfTime, time_budget
from groupsite.sheets.admin import SheetAdmin
from publications.forms import BibtexUploadForm
from publications.models import Authorship, Publication
from publications.services import ImportRefused, apply_import, plan_import
from publications.sheets import PublicationSheet


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 1
    fields = ["position", "name", "family_name", "given_names", "member"]
    autocomplete_fields = ["member"]


@admin.register(Publication)
class PublicationAdmin(SheetAdmin, ContentAdmin):
    sheet_class = PublicationSheet
    list_display = ["title", "kind", "year", "venue", "author_names", "selected", "published"]
    list_filter = ["kind", "year", "selected", "published"]
    list_editable = ["selected"]
    search_fields = ["title", "venue", "doi", "arxiv_id", "bibtex_key", "authorships__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["published_version"]
    inlines = [AuthorshipInline]
    formfield_overrides = {**ContentAdmin.formfield_overrides, **HTTPS_URLS}
    change_list_template = "admin/publications/publication/change_list.html"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "title",
                    "slug",
                    ("year", "month", "date"),
                    "selected",
                    "more_authors",
                ]
            },
        ),
        (_("Publishing"), {"fields": [("published", "publish_at")]}),
        (_("Where"), {"fields": ["venue", ("volume", "issue", "pages"), "publisher"]}),
        (_("Identifiers"), {"fields": ["doi", "arxiv_id", "bibtex_key", "published_version"]}),
        (
            _("Links"),
            {
                "fields": [
                    "url",
                    ("pdf", "pdf_url"),
                    ("code_url", "data_url"),
                    ("slides_url", "video_url"),
                ]
            },
        ),
        (_("About"), {"fields": ["abstract", "keywords"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authorships")

    @admin.display(description=_("Authors"))
    def author_names(self, publication):
        names = [authorship.name for authorship in publication.authorships.all()]
        return ", ".join(names[:4]) + (" et al." if len(names) > 4 else "")

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_bibtex_view)
        return [
            # "import/" is the spreadsheet import's (SheetAdmin); both plan with services.
            path("import-bibtex/", import_view, name="publications_publication_import_bibtex"),
            *super().get_urls(),
        ]

    def import_bibtex_view(self, request):
        """Upload → preview (new, changed, unchanged; author names) → confirm."""
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        form = BibtexUploadForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": _("Import BibTeX"), "form": form}  # fmt: skip
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["text"]
            try:
                with time_budget():
                    if "confirm" in request.POST:
                        try:
                            result = apply_import(text, publish=form.cleaned_data["publish"])
                        except ImportRefused as refused:
                            context["plan"] = plan_import(text)
                            context["refused"] = refused.reasons
                        else:
                            self.message_user(request, *_import_message(result))
                            return redirect(reverse("admin:publications_publication_changelist"))
                    else:
                        context["plan"] = plan_import(text)
                    context["text"] = text
            except OutOfTime as late:
                context.pop("plan", None)
                form.add_error(None, str(late))
        return TemplateResponse(request, "admin/publications/publication/import.html", context)


def _import_message(result) -> tuple[str, str]:
    if result.created or result.updated:
        return (_("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": result.created, "updated": result.updated,
                   "unchanged": result.unchanged}, messages.SUCCESS)  # fmt: skip
    # Typically the second of two confirmations of one preview (a double click, two
    # tabs): the first imported everything already.
    return (_("Nothing was imported: all %(unchanged)s entries are already on the site as "
              "they are in the file (was the import confirmed twice?)")
            % {"unchanged": result.unchanged}, messages.INFO)  # fmt: skip
