"""SiteSettings and PartnerLogo now live in the core (groupsite.site, migration 0001),
which keeps their tables and rows: here the pages app only forgets them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_landing_section_content"),
        ("site", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PartnerLogo"),
                migrations.DeleteModel(name="SiteSettings"),
            ],
            database_operations=[],
        ),
    ]
