"""SiteSettings and PartnerLogo move from the pages app into the core, keeping every row.

The tables stay as they are (only the model state moves), then take the new app's names;
the content types move with them, so permissions (the Editors' view rights), admin log
entries and saved versions in the history keep pointing at the same rows.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

MOVED = ["sitesettings", "partnerlogo"]


def _relabel(apps, schema_editor, old, new):
    db = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    for model in MOVED:
        if ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            continue  # already there (made after a partial run): nothing to move
        moved = ContentType.objects.using(db).filter(app_label=old, model=model)
        content_type = moved.first()
        if content_type is None:
            continue  # a fresh database: content types are made after migrating
        moved.update(app_label=new)
        # Saved versions name their model inside the serialised data (JSON).
        for version in Version.objects.using(db).filter(content_type_id=content_type.pk):
            version.serialized_data = version.serialized_data.replace(
                f'"{old}.{model}"', f'"{new}.{model}"'
            )
            version.save(update_fields=["serialized_data"])


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "pages", "site")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "site", "pages")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # The tables were made there; pages' 0006 then forgets the models.
        ("pages", "0005_landing_section_content"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SiteSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('group_name', models.CharField(help_text='Shown in the header and titles.', max_length=120)),
                        ('tagline', models.CharField(blank=True, help_text='One line under the name.', max_length=200)),
                        ('meta_description', models.CharField(blank=True, help_text='What search engines show for the landing page.', max_length=300)),
                        ('host_institution', models.CharField(blank=True, max_length=160)),
                        ('host_institution_url', models.URLField(blank=True)),
                        ('institute', models.CharField(blank=True, help_text='The institute or department inside the host.', max_length=160)),
                        ('institute_url', models.URLField(blank=True)),
                        ('umbrella_initiative', models.CharField(blank=True, help_text='A programme the group belongs to.', max_length=160)),
                        ('umbrella_initiative_url', models.URLField(blank=True)),
                        ('contact_email', models.EmailField(blank=True, max_length=254)),
                        ('city', models.CharField(blank=True, help_text='Where the group works; used in job postings.', max_length=120)),
                        ('country_code', models.CharField(blank=True, help_text='Two letters, e.g. DE; used in job postings.', max_length=2)),
                        ('code_hosting_url', models.URLField(blank=True, help_text='Where the group publishes code.')),
                        ('youtube_channel_url', models.URLField(blank=True)),
                        ('mailing_list_url', models.URLField(blank=True, help_text='Where visitors join the list.')),
                        ('logo', models.ImageField(blank=True, upload_to='site/')),
                        ('logo_alt', models.CharField(blank=True, help_text='Describes the logo.', max_length=160)),
                        ('landing_publications', models.CharField(blank=True, choices=[('', 'None'), ('recent', 'Recent publications'), ('selected', 'Selected publications')], help_text='An optional block listing the newest papers, or the newest selected ones.', max_length=8, verbose_name='publications on the landing page')),
                        ('landing_publications_count', models.PositiveSmallIntegerField(default=5, help_text='Papers shown in that block (1–20).', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(20)], verbose_name='how many')),
                        ('share_image', models.ImageField(blank=True, help_text='Shown when a page is shared on social media or chat; 1200 x 630 works best.', upload_to='site/')),
                    ],
                    options={
                        'db_table': 'pages_sitesettings',
                        'verbose_name': 'site settings',
                        'verbose_name_plural': 'site settings',
                    },
                ),
                migrations.CreateModel(
                    name='PartnerLogo',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="Used as the logo's alt text.", max_length=160)),
                        ('url', models.URLField(blank=True)),
                        ('logo', models.ImageField(upload_to='partners/')),
                        ('order', models.PositiveSmallIntegerField(default=0)),
                        ('site_settings', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='partner_logos', to='site.sitesettings')),
                    ],
                    options={
                        'db_table': 'pages_partnerlogo',
                        'ordering': ['order', 'name'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="sitesettings", table=None),
        migrations.AlterModelTable(name="partnerlogo", table=None),
        migrations.RunPython(forwards, backwards),
    ]
