"""Moving SiteSettings and the partner logos into the core keeps every row and right."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from groupsite.site.models import PartnerLogo, SiteSettings

BEFORE = ("pages", "0005_landing_section_content")


def migrate_to(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def migrate_to_latest():
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rows_made_in_the_pages_app_survive_the_move():
    old = migrate_to([BEFORE, ("site", None)]).loader.project_state([BEFORE]).apps
    content_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="pages", model="sitesettings"
    )
    viewing, _ = old.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename="view_sitesettings", defaults={"name": "view"}
    )
    old.get_model("auth", "Group").objects.create(name="Readers").permissions.add(viewing)
    row = old.get_model("pages", "SiteSettings").objects.create(pk=1, group_name="Kept Group")
    old.get_model("pages", "PartnerLogo").objects.create(
        site_settings_id=row.pk, name="Partner A", logo="partners/a.png", order=3
    )
    try:
        migrate_to_latest()
        assert list(SiteSettings.objects.values_list("pk", "group_name")) == [(1, "Kept Group")]
        assert list(PartnerLogo.objects.values_list("site_settings", "name", "order")) == [
            (1, "Partner A", 3)
        ]
        # A group's right to look at the settings moved with the content type.
        readers = Group.objects.get(name="Readers")
        assert set(
            readers.permissions.filter(codename__endswith="sitesettings").values_list(
                "content_type__app_label", "codename"
            )
        ) == {("site", "view_sitesettings")}
        assert PartnerLogo.objects.create(site_settings_id=1, name="B", logo="b.png").pk == 2
    finally:
        migrate_to_latest()
