import pytest
from hypothesis import given
from hypothesis import strategies as st

from seminar.text import (
    MAX_SPEAKER_LINE,
    SpeakerLineError,
    format_speakers,
    join_escaped,
    parse_speaker_line,
    parse_speakers,
    split_escaped,
    split_speaker_line,
)

READ = [
    ("Jörg Müller (Universität Hamburg)", [("Jörg Müller", "Universität Hamburg")]),
    ("A (X), B (Y)", [("A", "X"), ("B", "Y")]),
    (
        "Anna Müller (University of Hamburg, Germany), Bo Li (DKRZ) and C. Ødegaard",
        [("Anna Müller", "University of Hamburg, Germany"), ("Bo Li", "DKRZ"),
         ("C. Ødegaard", "")],
    ),
    ("Ada Lovelace; Jörg Müller", [("Ada Lovelace", ""), ("Jörg Müller", "")]),
    ("Ada & Bob (Oslo)", [("Ada", ""), ("Bob", "Oslo")]),
    ("Ada, Bob, and Chloé", [("Ada", ""), ("Bob", ""), ("Chloé", "")]),
    ("Ada AND Bob", [("Ada", ""), ("Bob", "")]),
    ("Zoë Ångström (KTH (Stockholm)); Chloé Durand",
     [("Zoë Ångström", "KTH (Stockholm)"), ("Chloé Durand", "")]),
    ("Sandra Anderson (Land and Sea Institute)",
     [("Sandra Anderson", "Land and Sea Institute")]),
    ("Ana Lee (Instituto de Física; Lisboa & Porto)",
     [("Ana Lee", "Instituto de Física; Lisboa & Porto")]),
    ("  Ada   Lovelace  (  Analytical   Engines ) ;; Bob ,",
     [("Ada Lovelace", "Analytical Engines"), ("Bob", "")]),
    ("Li Wei ()", [("Li Wei", "")]),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), READ)
def test_speaker_lines_read_as_exactly_these_speakers(line, expected):
    speakers = parse_speaker_line(line)
    assert [(s["name"], s["affiliation"]) for s in speakers] == expected


REFUSED = [
    ("Anna Müller (University of Hamburg", "a “(” is never closed."),
    ("Anna Müller University of Hamburg)", "a “)” closes no “(”."),
    ("Ada (X)) and (Y", "a “)” closes no “(”."),
    ("(DKRZ)", "“(DKRZ)” has no name before the parenthesis."),
    ("Ada (X) (Y)", "“Ada (X) (Y)” is not “Name” or “Name (Affiliation)”."),
    ("Ada (X) Lovelace", "“Ada (X) Lovelace” is not “Name” or “Name (Affiliation)”."),
    (", ;", "it names nobody."),
    ("", "it names nobody."),
    ("x" * (MAX_SPEAKER_LINE + 1), f"the line is longer than {MAX_SPEAKER_LINE} characters."),
    (", ".join(f"S{n}" for n in range(21)), "it names more than 20 speakers."),
    ("N" * 161, f"the name “{'N' * 40}…” is longer than 160 characters."),
    (f"Ada ({'A' * 201})", "the affiliation of Ada is longer than 200 characters."),
]


@pytest.mark.parametrize(("line", "reason"), REFUSED)
def test_unreadable_speaker_lines_are_refused_with_the_reason(line, reason):
    with pytest.raises(SpeakerLineError) as refused:
        parse_speaker_line(line)
    assert str(refused.value) == reason


@pytest.mark.parametrize(
    "description",
    [
        "Speakers: A (X), B (Y)\nAbstract.",
        "SPEAKERS: A (X), B (Y)\nAbstract.",
        "speakers : A (X), B (Y)\nAbstract.",
        "Speaker(s): A (X) and B (Y)\nAbstract.",
        "\n  Speaker: A (X); B (Y)\n\nAbstract.",
    ],
)
def test_the_label_is_read_in_any_case_and_the_line_leaves_the_abstract(description):
    line = split_speaker_line(description)
    assert line.speakers == [{"name": "A", "affiliation": "X"}, {"name": "B", "affiliation": "Y"}]
    assert (line.abstract, line.problem) == ("Abstract.", "")


@pytest.mark.parametrize(
    "description",
    [
        "Referent: Jörg Müller (Universität Hamburg)\nÜber Wellen.",  # only English labels
        "On waves.\nSpeaker: Ada (X)",  # not the first line
        "Speakers to be announced.",
        "",
    ],
)
def test_without_a_leading_speaker_line_the_description_is_the_abstract(description):
    line = split_speaker_line(description)
    assert (line.speakers, line.abstract, line.problem) == ([], description.strip(), "")


def test_an_unreadable_speaker_line_stays_in_the_abstract_with_the_reason():
    description = "Speakers: Anna Müller (University of Hamburg, Bo Li\nAbstract."
    line = split_speaker_line(description)
    assert (line.speakers, line.abstract) == ([], description)
    assert line.problem == "its speaker line stays in the abstract: a “(” is never closed."


# Properties ------------------------------------------------------------------------------
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüßÖØøåÅéèçČłñ.'-"
word = st.text(LETTERS, min_size=1, max_size=10).filter(lambda w: w.lower() != "and")
name = st.lists(word, min_size=1, max_size=4).map(" ".join)
# Affiliations may hold anything a separator is made of, and balanced parentheses.
affiliation_part = st.one_of(
    word, st.sampled_from([",", ";", "&", "and", "AND"]), word.map(lambda w: f"({w})")
)
affiliation = st.lists(affiliation_part, max_size=6).map(" ".join)
speaker = st.fixed_dictionaries({"name": name, "affiliation": affiliation})
separator = st.sampled_from([", ", "; ", " and ", " & ", ", and ", " ; ", ","])


def written(speaker: dict) -> str:
    return (
        f"{speaker['name']} ({speaker['affiliation']})"
        if speaker["affiliation"]
        else (speaker["name"])
    )


@given(st.lists(st.tuples(speaker, separator), min_size=1, max_size=8))
def test_any_list_of_speakers_reads_back_exactly(pairs):
    speakers = [pair[0] for pair in pairs]
    line = "".join(written(s) + sep for s, sep in pairs[:-1]) + written(pairs[-1][0])
    assert parse_speaker_line(line) == speakers


@given(st.text(max_size=300), st.sampled_from(["Speaker:", "Speakers:", "speaker :", ""]))
def test_any_description_imports_without_a_crash_and_loses_nothing(text, label):
    description = label + text
    line = split_speaker_line(description)
    if line.speakers:
        rest = description.strip().splitlines()[1:]
        assert line.abstract == "\n".join(rest).strip()
        assert line.problem == ""
    else:
        assert line.abstract == description.strip()


# The sheet's speakers column ------------------------------------------------------------
SHEET = [
    ("Anna Müller (Uni Hamburg); Bo Li", [("Anna Müller", "Uni Hamburg"), ("Bo Li", "")]),
    ("Ada Lovelace, Jr. (Analytical Engines, London)",
     [("Ada Lovelace, Jr.", "Analytical Engines, London")]),  # "," separates no sheet entry
    ("Ana Lee (Dept; Univ)", [("Ana Lee", "Dept; Univ")]),  # as import_ics writes it
    ("Zoë Ångström (KTH (Stockholm));; Chloé", [("Zoë Ångström", "KTH (Stockholm)"),
                                                ("Chloé", "")]),
    ("Jean \\(JJ\\) Dupont (CNRS)", [("Jean (JJ) Dupont", "CNRS")]),
    ("A\\; B (X \\(Y)", [("A; B", "X (Y")]),
    ("C:\\Temp (D:\\Data)", [("C:\\Temp", "D:\\Data")]),  # other backslashes stay
    ("A \\\\ B", [("A \\ B", "")]),
    ("", []),
]  # fmt: skip


@pytest.mark.parametrize(("cell", "expected"), SHEET)
def test_sheet_speakers_read_as_exactly_these_speakers(cell, expected):
    assert [(s["name"], s["affiliation"]) for s in parse_speakers(cell)] == expected


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("Jean (JJ) Dupont (CNRS)",
         "“Jean (JJ) Dupont (CNRS)” is not “Name” or “Name (Affiliation)”. "
         "Write \\( and \\) for parentheses that are part of the name."),
        ("Anna (Uni Hamburg", "a “(” is never closed."),
        ("(CNRS)", "“(CNRS)” has no name before the parenthesis."),
    ],
)  # fmt: skip
def test_unreadable_sheet_speakers_are_refused_with_the_reason(cell, reason):
    with pytest.raises(ValueError) as refused:
        parse_speakers(cell)
    assert str(refused.value) == reason


def test_names_and_affiliations_holding_the_separators_are_escaped_on_export():
    speakers = [
        {"name": "Jean (JJ) Dupont", "affiliation": "CNRS"},
        {"name": "A; B\\", "affiliation": "Dept; Univ (Paris"},
        {"name": "Ada", "affiliation": "KTH (Stockholm)"},
    ]
    cell = format_speakers(speakers)
    assert cell == (
        "Jean \\(JJ\\) Dupont (CNRS); A\\; B\\\\ (Dept; Univ \\(Paris); Ada (KTH (Stockholm))"
    )
    assert parse_speakers(cell) == speakers


def test_a_calendar_line_reads_the_same_escapes():
    assert parse_speaker_line("Jean \\(JJ\\) Dupont (CNRS) and Smith\\, Jane") == [
        {"name": "Jean (JJ) Dupont", "affiliation": "CNRS"},
        {"name": "Smith, Jane", "affiliation": ""},
    ]


# Any text, including every special character and letters beyond ASCII.
SPECIALS = "()\\;,|& "
any_text = st.text(
    st.one_of(
        st.sampled_from(SPECIALS),
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    ),
    max_size=30,
).map(str.strip)
any_speaker = st.fixed_dictionaries({"name": any_text.filter(bool), "affiliation": any_text})


@given(st.lists(any_speaker, max_size=6))
def test_any_sheet_speakers_read_back_exactly(speakers):
    assert parse_speakers(format_speakers(speakers)) == speakers


@given(st.lists(any_text, min_size=1, max_size=8), st.sampled_from(["|", ";"]))
def test_any_parts_read_back_exactly(parts, separator):
    specials = "\\" + separator
    joined = join_escaped(parts, f" {separator} ", specials)
    assert split_escaped(joined, separator, frozenset(specials)) == parts
