"""django.contrib.admin, with the group's admin site (pages.admin_site) as ``admin.site``.

Kept apart from admin_site.py: INSTALLED_APPS imports this module before the models are
ready, and the site itself is imported only when first used.
"""

from django.contrib.admin.apps import AdminConfig


class GroupAdminConfig(AdminConfig):
    default_site = "pages.admin_site.GroupAdminSite"
