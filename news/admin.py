from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from groupsite.content.admin_base import ContentAdmin, thumbnail
from groupsite.content.admin_translation import TranslatedAdminMixin
from groupsite.sheets.admin import SheetAdmin
from news.models import NewsItem
from news.sheets import NewsSheet


@admin.register(NewsItem)
class NewsItemAdmin(SheetAdmin, TranslatedAdminMixin, ContentAdmin):
    sheet_class = NewsSheet
    list_display = ["image_thumbnail", "title", "date", "published", "publish_at"]
    list_display_links = ["image_thumbnail", "title"]
    list_filter = ["published", "date"]
    date_hierarchy = "date"
    search_fields = ["title", "teaser", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["members", "sessions", "publications"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "date", "teaser", "body"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (_("Who and what it is about"), {"fields": ["members", "sessions", "publications"]}),
        (_("Publishing"), {"fields": [("published", "publish_at")]}),
    ]

    def get_changeform_initial_data(self, request):
        """A new item starts as a draft: visitors see it only once staff tick Published
        (or tick it now, before the first save)."""
        return {"published": False, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("Image"))
    def image_thumbnail(self, item):
        return thumbnail(item.image, "portrait")
