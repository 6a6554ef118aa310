"""Recordings and streams published before consent was recorded were cleared by staff
out of band; keep them visible rather than hiding them overnight."""

from django.db import migrations


def assume_consent_for_what_is_already_public(apps, schema_editor):
    Session = apps.get_model("seminar", "Session")
    Session.objects.exclude(youtube_video="").update(recording_consent=True)
    Session.objects.exclude(livestream_url="").update(livestream_consent=True)


class Migration(migrations.Migration):
    dependencies = [("seminar", "0005_speaker_invitations_slides_and_consent")]

    operations = [
        migrations.RunPython(assume_consent_for_what_is_already_public, migrations.RunPython.noop)
    ]
