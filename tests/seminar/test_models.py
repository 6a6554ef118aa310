from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from seminar.models import Session, Speaker, consent_given
from tests.factories import SeriesFactory, SessionFactory

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def test_sessions_are_numbered_per_series():
    first_series, second_series = SeriesFactory(), SeriesFactory()
    numbers = [SessionFactory(series=first_series).number for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert SessionFactory(series=second_series).number == 1


def test_session_number_continues_after_highest():
    series = SeriesFactory()
    SessionFactory(series=series, number=41)
    assert SessionFactory(series=series).number == 42


def test_duplicate_session_number_is_refused_with_message():
    session = SessionFactory()
    duplicate = SessionFactory.build(series=session.series, number=session.number, slug="x")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["number"] == [
        f"Session #{session.number} already exists in this series."
    ]


def test_session_takes_series_defaults_and_computes_end():
    series = SeriesFactory(default_duration_minutes=90, default_location="Hall A")
    start = datetime(2024, 3, 12, 15, 0, tzinfo=BERLIN)
    session = SessionFactory(series=series, start=start, title="Flows & friends!")
    assert session.duration_minutes == 90
    assert session.location == "Hall A"
    assert session.end == start + timedelta(minutes=90)
    assert session.slug == "flows-friends"


def test_upcoming_and_past_are_decided_by_end_time():
    now = timezone.now()
    running = SessionFactory(start=now - timedelta(minutes=30), duration_minutes=60)
    finished = SessionFactory(start=now - timedelta(minutes=90), duration_minutes=60)
    later = SessionFactory(start=now + timedelta(days=1))
    assert list(Session.objects.upcoming(now)) == [running, later]
    assert list(Session.objects.past(now)) == [finished]


def test_published_excludes_unpublished_sessions_and_series():
    visible = SessionFactory()
    SessionFactory(published=False)
    SessionFactory(series=SeriesFactory(published=False))
    assert list(Session.objects.published()) == [visible]


def test_series_refuses_unknown_time_zone():
    series = SeriesFactory.build(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        series.full_clean()
    assert error.value.message_dict["time_zone"] == [
        "“Mars/Olympus” is not a time zone name; use one like Europe/Berlin."
    ]


def test_session_absolute_url_contains_series_number_and_slug():
    session = SessionFactory(series=SeriesFactory(slug="ml"), title="Neural ODEs")
    assert session.get_absolute_url() == f"/seminar/ml/{session.number}-neural-odes/"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2024, 3, 11, 9, 0, tzinfo=BERLIN), datetime(2024, 3, 12, 15, 0, tzinfo=BERLIN)),
        (datetime(2024, 3, 12, 14, 59, tzinfo=BERLIN), datetime(2024, 3, 12, 15, 0, tzinfo=BERLIN)),
        (datetime(2024, 3, 12, 15, 0, tzinfo=BERLIN), datetime(2024, 3, 19, 15, 0, tzinfo=BERLIN)),
        # Across the change to summer time the wall-clock time stays 15:00.
        (datetime(2024, 3, 27, 9, 0, tzinfo=BERLIN), datetime(2024, 4, 2, 15, 0, tzinfo=BERLIN)),
    ],
)
def test_next_regular_start_follows_weekday_and_time(now, expected):
    series = SeriesFactory(default_weekday=1, default_start_time=time(15, 0))
    assert series.next_regular_start(now) == expected


def test_next_regular_start_needs_both_defaults():
    assert SeriesFactory(default_weekday=1).next_regular_start() is None


def test_admin_add_form_starts_in_the_series_next_slot(admin_client):
    series = SeriesFactory(default_weekday=1, default_start_time=time(15, 0))
    html = admin_client.get("/admin/seminar/session/add/").content.decode()
    start = timezone.localtime(series.next_regular_start())
    assert f'<option value="{series.pk}" selected>' in html
    assert f'value="{start:%d/%m/%Y}"' in html and 'value="15:00"' in html


CONSENT_CASES = [
    # (staff tick, the speakers' own answers, may the recording be published?)
    (False, [], False),
    (True, [], True),
    (False, [None], False),
    (True, [None], True),
    (False, [True], True),
    (True, [False], False),
    (False, [True, True], True),
    (False, [True, None], False),
    (True, [True, None], True),
    (True, [True, False], False),
    (True, [None, None, False], False),
    (False, [False, None], False),
]


@pytest.mark.parametrize(("tick", "answers", "allowed"), CONSENT_CASES)
def test_python_and_sql_consent_rules_agree(tick, answers, allowed):
    session = SessionFactory(recording_consent=tick)
    for order, answer in enumerate(answers):
        Speaker.objects.create(session=session, name=f"S{order}", recording_consent=answer)
    Session.objects.filter(pk=session.pk).update(youtube_video="dQw4w9WgXcQ")
    session = Session.objects.get(pk=session.pk)

    assert consent_given(tick, answers) is allowed
    assert session.may_publish_recording is allowed
    assert Session.objects.with_public_recording().filter(pk=session.pk).exists() is allowed
