"""The admin dashboard (pages.dashboard, pages.admin_site): the group's name on top, each
panel lists exactly what needs doing with a link that works, only to those who may see it,
in a fixed number of queries; content apps before the technical ones."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from seminar.models import Format, Status
from seminar.speakers.models import InvitationState, SpeakerInvitation
from tests.factories import (
    NewsItemFactory,
    PageFactory,
    PositionFactory,
    SeriesFactory,
    SessionFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def panel(html: str, key: str) -> list[tuple[str, str]] | None:
    """(text, address) of each entry of the panel ``key``; None when there is no panel."""
    found = re.search(rf'<div class="module dashboard-panel" id="panel-{key}">(.*?)</div>',
                      html, re.S)  # fmt: skip
    if found is None:
        return None
    entries = re.findall(r'<li><a href="([^"]+)">(.*?)</a>', found[1])
    return [(unescape(text), url) for url, text in entries]


def texts(html: str, key: str) -> list[str]:
    return [text for text, _ in panel(html, key)]


def index(client) -> str:
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def invitation(speaker, state, **times):
    now = timezone.now()
    return SpeakerInvitation.objects.create(
        speaker=speaker, email="s@example.org", nonce="n", state=state,
        invited_at=times.pop("invited_at", now), **times,
    )  # fmt: skip


def follows(client, url: str) -> bool:
    return client.get(url).status_code == 200


def test_the_dashboard_is_headed_with_the_group_name(admin_client, site_settings):
    html = index(admin_client)
    assert '<div id="site-name"><a href="/admin/">Test Group</a></div>' in html
    assert "<title>Dashboard | Test Group admin</title>" in html
    assert "Group website administration" not in html
    # Every admin page carries the name, not the index only.
    assert '<a href="/admin/">Test Group</a>' in admin_client.get("/admin/news/").content.decode()


def test_content_apps_come_first_and_technical_ones_last(admin_client, site_settings):
    response = admin_client.get("/admin/")
    labels = [app["app_label"] for app in response.context["app_list"]]
    assert labels == ["pages", "news", "seminar", "people", "publications", "site", "auth",
                      "axes"]  # fmt: skip
    models = {app["app_label"]: [m["object_name"] for m in app["models"]]
              for app in response.context["app_list"]}  # fmt: skip
    assert models["seminar"] == ["Session", "Series"]
    assert models["pages"] == ["Page", "LandingSection"]
    assert models["people"] == ["Member", "Position"]


def test_submissions_awaiting_review(admin_client, site_settings):
    waiting = SpeakerFactory(name="Ada", session=SessionFactory(title="Flows"))
    invitation(waiting, InvitationState.SUBMITTED, submitted_at=timezone.now())
    for state in (InvitationState.INVITED, InvitationState.APPROVED, InvitationState.REVOKED):
        invitation(SpeakerFactory(name=f"Not {state}"), state)
    entries = panel(index(admin_client), "submissions")
    assert [text for text, _ in entries] == ["Ada: “Flows”"]
    url = entries[0][1]
    assert url == f"/admin/seminar/session/{waiting.session_id}/review/{waiting.invitation.pk}/"
    assert follows(admin_client, url)


def test_invitations_unanswered_after_the_set_number_of_days(admin_client, site_settings,
                                                             settings):  # fmt: skip
    settings.SPEAKER_UNANSWERED_DAYS = 5
    now = timezone.now()
    upcoming = SessionFactory(title="Soon", start=now + timedelta(days=3))
    invitation(SpeakerFactory(name="Silent", session=upcoming), InvitationState.INVITED,
               invited_at=now - timedelta(days=6))  # fmt: skip
    invitation(SpeakerFactory(name="Asked", session=upcoming),
               InvitationState.CHANGES_REQUESTED, invited_at=now - timedelta(days=20),
               reviewed_at=now - timedelta(days=5, minutes=1))  # fmt: skip
    invitation(SpeakerFactory(name="Recent", session=upcoming), InvitationState.INVITED,
               invited_at=now - timedelta(days=4))  # fmt: skip
    invitation(SpeakerFactory(name="Recently asked", session=upcoming),
               InvitationState.CHANGES_REQUESTED, invited_at=now - timedelta(days=20),
               reviewed_at=now - timedelta(days=1))  # fmt: skip
    invitation(SpeakerFactory(name="Answered", session=upcoming), InvitationState.SUBMITTED,
               invited_at=now - timedelta(days=20), submitted_at=now)  # fmt: skip
    over = SessionFactory(title="Over", start=now - timedelta(days=3))
    invitation(SpeakerFactory(name="Too late", session=over), InvitationState.INVITED,
               invited_at=now - timedelta(days=20))  # fmt: skip
    html = index(admin_client)
    assert "Invitations unanswered after 5 days" in html
    entries = panel(html, "unanswered")
    assert sorted(text for text, _ in entries) == ["Asked: “Soon”", "Silent: “Soon”"]
    assert {url for _, url in entries} == {f"/admin/seminar/session/{upcoming.pk}/speakers/"}
    assert follows(admin_client, entries[0][1])


def test_upcoming_sessions_without_abstract_speaker_or_room(admin_client, site_settings):
    now = timezone.now()
    roomless = SeriesFactory(default_location="")
    no_abstract = SessionFactory(title="No abstract", abstract="", start=now + timedelta(days=2))
    SpeakerFactory(session=no_abstract)
    SessionFactory(title="No speaker", start=now + timedelta(days=3))
    no_room = SessionFactory(title="No room", series=roomless, format=Format.IN_PERSON,
                             start=now + timedelta(days=4))  # fmt: skip
    SpeakerFactory(session=no_room)
    online = SessionFactory(title="Online", series=roomless, format=Format.ONLINE,
                            start=now + timedelta(days=5))  # fmt: skip
    SpeakerFactory(session=online)
    complete = SessionFactory(title="Complete", start=now + timedelta(days=6))
    SpeakerFactory(session=complete)
    SessionFactory(title="Past", abstract="", start=now - timedelta(days=6))
    SessionFactory(title="Cancelled", abstract="", status=Status.CANCELLED,
                   start=now + timedelta(days=6))  # fmt: skip
    html = index(admin_client)
    names = [text.split(" (")[0] for text in texts(html, "sessions")]
    assert names == ["#1 No abstract", "#1 No speaker", "#1 No room"]
    assert "no abstract</span>" in html and "no speaker</span>" in html
    assert "no room</span>" in html
    url = panel(html, "sessions")[0][1]
    assert url == f"/admin/seminar/session/{no_abstract.pk}/change/"
    assert follows(admin_client, url)


def test_positions_closing_soon(admin_client, site_settings):
    today = timezone.localdate()
    soon = PositionFactory(title="Soon", deadline=today + timedelta(days=5))
    PositionFactory(title="Today", deadline=today)
    PositionFactory(title="Later", deadline=today + timedelta(days=20))
    PositionFactory(title="Closed", deadline=today - timedelta(days=1))
    PositionFactory(title="Draft", deadline=today + timedelta(days=5), published=False)
    PositionFactory(title="Open-ended", deadline=None)
    entries = panel(index(admin_client), "positions")
    assert [text for text, _ in entries] == ["Today", "Soon"]
    assert entries[1][1] == f"/admin/people/position/{soon.pk}/change/"
    assert follows(admin_client, entries[1][1])


def test_drafts_scheduled_to_publish(admin_client, site_settings):
    now = timezone.now()
    news = NewsItemFactory(title="Award", publish_at=now + timedelta(days=2))
    PageFactory(title="Teaching", publish_at=now + timedelta(days=1))
    NewsItemFactory(title="Out already", publish_at=now - timedelta(days=1))
    NewsItemFactory(title="Plain draft", published=False, publish_at=now + timedelta(days=1))
    SessionFactory(title="Scheduled talk", publish_at=now + timedelta(days=3))
    entries = panel(index(admin_client), "scheduled")
    assert [text for text, _ in entries] == ["Teaching", "Award", "Scheduled talk"]
    assert entries[1][1] == f"/admin/news/newsitem/{news.pk}/change/"
    assert all(follows(admin_client, url) for _, url in entries)


def test_a_panel_lists_at_most_ten_and_says_there_are_more(admin_client, site_settings):
    today = timezone.localdate()
    for day in range(12):
        PositionFactory(deadline=today + timedelta(days=day))
    html = index(admin_client)
    assert len(panel(html, "positions")) == 10
    assert "Positions closing within 14 days (10+)" in html
    assert '<a href="/admin/people/position/">More in the list</a>' in html


def staff_with(staff_user, *codenames):
    staff_user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return staff_user


def test_panels_only_for_those_who_may_see_them(client, staff_user, site_settings):
    now = timezone.now()
    session = SessionFactory(title="No abstract", abstract="", start=now + timedelta(days=2))
    invitation(SpeakerFactory(name="Ada", session=session), InvitationState.SUBMITTED,
               submitted_at=now)  # fmt: skip
    PositionFactory(title="Soon", deadline=timezone.localdate() + timedelta(days=3))
    NewsItemFactory(title="Scheduled news", publish_at=now + timedelta(days=1))
    PageFactory(title="Scheduled page", publish_at=now + timedelta(days=1))
    client.force_login(staff_user)

    html = index(client)  # staff without any permission: no panel at all
    assert "dashboard-panel" not in html

    staff_with(staff_user, "view_position", "view_newsitem")
    html = index(client)
    assert texts(html, "positions") == ["Soon"]
    assert texts(html, "scheduled") == ["Scheduled news"]  # not the page
    assert panel(html, "sessions") is None and panel(html, "submissions") is None

    # Seeing sessions is not reviewing speakers: that needs the change permission.
    staff_with(staff_user, "view_session")
    html = index(client)
    assert texts(html, "sessions")[0].startswith("#1 No abstract")
    assert panel(html, "submissions") is None and panel(html, "unanswered") is None
    assert panel(html, "positions") is None and panel(html, "scheduled") is not None

    staff_with(staff_user, "view_session", "change_session")
    html = index(client)
    assert texts(html, "submissions") == ["Ada: “No abstract”"]
    assert follows(client, panel(html, "submissions")[0][1])


def fill(rows: int):
    now = timezone.now()
    today = timezone.localdate()
    for n in range(rows):
        session = SessionFactory(abstract="", start=now + timedelta(days=n + 1))
        invitation(SpeakerFactory(session=session), InvitationState.SUBMITTED, submitted_at=now)
        invitation(SpeakerFactory(session=session), InvitationState.INVITED,
                   invited_at=now - timedelta(days=30))  # fmt: skip
        PositionFactory(deadline=today + timedelta(days=n))
        NewsItemFactory(publish_at=now + timedelta(days=n + 1))
        PageFactory(publish_at=now + timedelta(days=n + 1))


# The request's session and user; five panels (the scheduled items of every model in one
# UNION); whether site settings may be added, asked for the app list and the sidebar's
# (Django's own); site settings, partner logos and navigation pages (the header); the
# recent actions.
INDEX_QUERIES = 2 + 5 + 2 + 3 + 1


@pytest.mark.parametrize("rows", [1, 15])
def test_the_dashboard_costs_the_same_few_queries_however_much_it_lists(
    admin_client, site_settings, django_assert_num_queries, rows
):
    fill(rows)
    with django_assert_num_queries(INDEX_QUERIES):
        html = index(admin_client)
    for key in ("submissions", "unanswered", "sessions", "positions", "scheduled"):
        assert len(panel(html, key)) == min(rows * (2 if key == "scheduled" else 1), 10)


def test_the_dashboard_reads_in_german_under_german(admin_user, site_settings, settings):
    from django.contrib import admin
    from django.test import RequestFactory
    from django.utils import translation

    settings.SPEAKER_UNANSWERED_DAYS = 7
    SessionFactory(start=timezone.now() + timedelta(days=3), abstract="")
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    with translation.override("de"):
        titles = [str(p.title) for p in admin.site.dashboard_panels(request)]
        html = admin.site.index(request).render().content.decode()
    assert titles == [
        "Einreichungen von Vortragenden, die auf Prüfung warten",
        "Einladungen, die seit 7 Tagen unbeantwortet sind",
        "Anstehende Termine ohne Zusammenfassung, Vortragende oder Raum",
        "Stellen mit Bewerbungsschluss innerhalb von 14 Tagen",
        "Geplante Veröffentlichungen",
    ]
    assert '<h2 id="dashboard-heading" class="visually-hidden">Zu erledigen</h2>' in html
    assert "keine Zusammenfassung, keine Vortragenden</span>" in html
    assert "Keine Einreichung wartet auf Prüfung." in html
