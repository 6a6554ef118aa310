"""Editors reach history and recovery only for what they may change directly."""

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from reversion.models import Version

from people.models import Member
from tests.admin_forms import member_form

pytestmark = pytest.mark.django_db


def _site_settings_version(site_settings, object_id):
    """A stored version of the site settings whose object id matches another item's pk."""
    with reversion.create_revision():
        reversion.add_to_revision(site_settings)
    version = Version.objects.get_for_object(site_settings).first()
    Version.objects.filter(pk=version.pk).update(
        object_id=str(object_id),
        content_type=ContentType.objects.get_for_model(type(site_settings)),
    )
    return version


def test_editor_cannot_revert_site_settings_through_another_models_history(
    editor_client, site_settings
):
    member = Member.objects.create(name="Ada", slug="ada", role="postdoc")
    version = _site_settings_version(site_settings, member.pk)
    site_settings.group_name = "Changed by the admin"
    site_settings.save()
    url = f"/admin/people/member/{member.pk}/history/{version.pk}/"
    assert editor_client.get(url).status_code == 404
    assert editor_client.post(url, member_form(name="Ada", slug="ada")).status_code == 404
    site_settings.refresh_from_db()
    assert site_settings.group_name == "Changed by the admin"


def test_editor_cannot_recover_site_settings_through_another_models_recover_view(
    editor_client, site_settings
):
    version = _site_settings_version(site_settings, site_settings.pk)
    site_settings.group_name = "Changed by the admin"
    site_settings.save()
    url = f"/admin/people/member/recover/{version.pk}/"
    assert editor_client.post(url, member_form()).status_code == 404
    site_settings.refresh_from_db()
    assert site_settings.group_name == "Changed by the admin"


def test_editor_cannot_revert_a_revision_holding_objects_they_may_not_change(
    editor_client, site_settings
):
    member = Member.objects.create(name="Ada", slug="ada", role="postdoc")
    with reversion.create_revision():
        reversion.add_to_revision(member)
        reversion.add_to_revision(site_settings)
    version = Version.objects.get_for_object(member).first()
    site_settings.group_name = "Changed by the admin"
    site_settings.save()
    url = f"/admin/people/member/{member.pk}/history/{version.pk}/"
    assert editor_client.post(url, member_form(name="Ada", slug="ada")).status_code == 403
    site_settings.refresh_from_db()
    assert site_settings.group_name == "Changed by the admin"
