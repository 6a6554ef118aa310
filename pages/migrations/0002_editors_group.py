"""The "Editors" group: may edit all content, but not users, groups or site settings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Editors"
CONTENT_MODELS = {
    "pages": ["page", "landingsection"],
    "people": ["member", "position"],
    "seminar": ["series", "session", "speaker", "reference"],
}
ACTIONS = ["add", "change", "delete", "view"]
# Editors may look at the site settings, not change them.
READ_ONLY = {"pages": ["sitesettings", "partnerlogo"]}


def create_editors(apps, schema_editor):
    # Permissions are normally made after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        (app, f"{action}_{model}")
        for app, models in CONTENT_MODELS.items()
        for model in models
        for action in ACTIONS
    ] + [(app, f"view_{model}") for app, models in READ_ONLY.items() for model in models]
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app, codename in codenames:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pages", "0001_initial"),
        ("people", "0001_initial"),
        ("seminar", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
