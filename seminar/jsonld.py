"""schema.org Event data for a session: a pure function; the template only prints it."""

from groupsite.content.seo import absolute_url
from seminar import youtube
from seminar.models import Format, Status
from seminar.text import absolute, markdown_to_text

SCHEMA = "https://schema.org/"
ATTENDANCE_MODE = {
    Format.IN_PERSON: "OfflineEventAttendanceMode",
    Format.ONLINE: "OnlineEventAttendanceMode",
    Format.HYBRID: "MixedEventAttendanceMode",
}
EVENT_STATUS = {
    Status.SCHEDULED: "EventScheduled",
    Status.CANCELLED: "EventCancelled",
    Status.POSTPONED: "EventPostponed",
}


def session_event(session, base_url: str, organizer_name: str) -> dict:
    page = absolute_url(base_url, session)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.title,
        "url": page,
        "inLanguage": session.spoken_language,
        "startDate": session.local_start.isoformat(),
        "endDate": session.local_end.isoformat(),
        "eventStatus": SCHEMA + EVENT_STATUS[session.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[session.format],
        "location": _locations(session, page),
        "organizer": {
            "@type": "Organization",
            "name": organizer_name,
            "url": absolute_url(base_url, "/"),
        },
        "superEvent": {
            "@type": "EventSeries",
            "name": session.series.name,
            "url": absolute_url(base_url, session.series),
        },
    }
    abstract = markdown_to_text(session.abstract)
    if abstract:
        data["description"] = abstract
    performers = [_person(speaker, base_url) for speaker in session.speakers.all()]
    if performers:
        data["performer"] = performers
    if session.slides:
        data["workFeatured"] = {
            "@type": "PresentationDigitalDocument",
            "name": f"Slides: {session.title}",
            "url": absolute(session.slides.url, base_url),
            "encodingFormat": "application/pdf",
        }
    video = session.public_youtube_video
    if video:
        data["recordedIn"] = {
            "@type": "VideoObject",
            "name": session.title,
            "description": abstract or session.title,
            "contentUrl": youtube.watch_url(video),
            "embedUrl": f"https://www.youtube-nocookie.com/embed/{video}",
            "thumbnailUrl": f"https://i.ytimg.com/vi/{video}/hqdefault.jpg",
            "uploadDate": session.local_end.isoformat(),
        }
    return data


def _locations(session, page: str) -> list[dict]:
    locations = []
    if session.format != Format.ONLINE and session.location:
        locations.append({"@type": "Place", "name": session.location, "address": session.location})
    if session.format != Format.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": session.public_livestream_url or page})
    return locations


def _person(speaker, base_url: str) -> dict:
    person = {"@type": "Person", "name": speaker.name}
    if speaker.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": speaker.affiliation}
    same_as = [url for url in (speaker.orcid_url, speaker.homepage) if url]
    if speaker.public_member:
        same_as.append(absolute_url(base_url, speaker.public_member))
    if same_as:
        person["sameAs"] = same_as
    return person
