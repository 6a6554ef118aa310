"""Planning an import, then applying the plan: the shape every importer has.

A reader turns a file into a header and plain rows (groupsite.sheets.files, or a domain's
own, like the seminar's calendar reader). ``Sheet.plan`` compares the rows with the
database and returns a :class:`Plan`: each row new, changed, unchanged or refused, with
the reasons per column and the changes (before → after) the admin's preview shows.
Nothing is written. ``Sheet.apply`` writes a plan without refusals: all or nothing, in
one transaction, as one history entry (django-reversion) per object.

A domain declares a sheet as a :class:`Sheet` (rows it reads itself) or a
:class:`groupsite.sheets.models.ModelSheet` (a model's own fields), with its
:class:`Column` list, a sample row, ``plan_row`` and ``write``. Row numbers count the header
as row 1, as spreadsheet programs do.
"""

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import reversion
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from groupsite.deadline import check_time
from groupsite.sheets.cells import text
from groupsite.sheets.files import FormulaWithoutValue, SheetError, Table

logger = logging.getLogger(__name__)

NEW, CHANGED, UNCHANGED, REFUSED = "new", "changed", "unchanged", "refused"
#: The key of a reason about the row as a whole rather than one column.
ROW = ""
UNREADABLE_ROW = gettext_lazy(
    "This row could not be read because of a problem on the site's side; the site's staff "
    "can see the details in its log. Check the row, or leave it out and try again."
)
#: The language of a text column's second version (``title`` → ``title_de``).
GERMAN = "de"
GERMAN_HELP = gettext_lazy(
    "The German version; pages in German show the English text where it is empty. A blank "
    "cell keeps the German text the site has."
)


def _german_label(label) -> str:
    return gettext("%(field)s (German)") % {"field": label}


german_label = lazy(_german_label, str)


@dataclass
class Column:
    """One column of a sheet: its name in files, its label for people, how a cell reads
    (``read``: cell → value, raising ValueError with a sentence) and how a value is
    written (``write``: the object → cell)."""

    name: str
    label: str = ""
    help: str = ""
    read: Callable[[Any], Any] | None = None
    write: Callable[[Any], Any] | None = None
    #: A blank cell leaves the stored value (a draft is never published by a blank).
    blank_keeps: bool = False
    #: Only ever written (an address, an end time computed from start and duration).
    export_only: bool = False
    #: A text with a German version: the sheet adds the column ``<name>_de`` right after
    #: it, optional, its blank cell keeping the stored German text.
    translated: bool = False


def german_column(column: Column) -> Column:
    """The German version of a translated text column (``title`` → ``title_de``)."""
    name = f"{column.name}_{GERMAN}"
    return Column(
        name,
        label=german_label(column.label),
        help=GERMAN_HELP,
        blank_keeps=True,
        # The German text itself, never the English one German pages fall back to.
        write=lambda obj, name=name: getattr(obj, name, None) or "",
    )


@dataclass
class Change:
    """One column of a row as the preview shows it."""

    label: str
    before: str
    after: str


@dataclass
class PlannedRow:
    number: int
    status: str = NEW
    #: Column name (or ``ROW``) → reasons the row is refused.
    errors: dict[str, list[str]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    #: What ``write`` writes (an unsaved instance, values for a service, …).
    target: Any = None
    #: What the row stands for, as the preview names it.
    label: str = ""
    data: dict = field(default_factory=dict)

    def refuse(self, column: str, *messages: str) -> None:
        self.errors.setdefault(column, []).extend(messages)

    def problems(self, labels: dict[str, str] | None = None) -> list[tuple[str, str]]:
        """(column label, message) pairs, in the order they were found."""
        labels = labels or {}
        return [
            (labels.get(column, column), message)
            for column, messages in self.errors.items()
            for message in messages
        ]


@dataclass
class Plan:
    rows: list[PlannedRow]
    #: The columns the file has, in the sheet's order.
    columns: list[Column] = field(default_factory=list)
    file_name: str = ""
    #: Column name → label, for the reasons.
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return any(row.errors for row in self.rows)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in (NEW, CHANGED, UNCHANGED, REFUSED)}

    @property
    def to_write(self) -> list[PlannedRow]:
        return [row for row in self.rows if row.status in (NEW, CHANGED)]

    def digest(self) -> str:
        """What the preview promised, as a short text: each row's number, status, target
        (primary key) and changes. A confirmation whose new plan digests differently is
        refused (the site's data changed since the preview)."""
        summary = [
            [row.number, row.status, str(getattr(row.target, "pk", None))]
            + [[str(c.label), str(c.before), str(c.after)] for c in row.changes]
            for row in self.rows
        ]
        content = json.dumps(summary, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(content.encode()).hexdigest()

    def errors_by_number(self) -> dict[int, dict[str, list[str]]]:
        return {row.number: row.errors for row in self.rows if row.errors}

    def refusals(self) -> list[tuple[int, str, str]]:
        """(row number, column label, reason) for every reason, row by row."""
        return [
            (row.number, label, message)
            for row in self.rows
            for label, message in row.problems(self.labels)
        ]


def repeated_row(number: int, key: tuple, earlier: int) -> str:
    """The refusal of row ``number`` repeating the key of row ``earlier``."""
    return _("Row %(row)s repeats %(key)s from row %(earlier)s; each may appear once.") % {
        "row": number,
        "key": " / ".join(str(part) for part in key),
        "earlier": earlier,
    }


class PlanRefused(Exception):
    """``apply`` was given a plan with refusals, or a write was refused; nothing was
    written. ``plan`` holds the reasons."""

    def __init__(self, plan: Plan):
        super().__init__(_("The import was refused; nothing was written."))
        self.plan = plan


class Sheet:
    """Columns, matching and writing for one kind of object; see the module's docstring."""

    columns: tuple[Column, ...] = ()
    #: Example values for the sample sheet, column by column.
    sample: dict = {}
    #: The words for one and several of the objects a row stands for.
    noun, plural = gettext_lazy("row"), gettext_lazy("rows")
    #: The revision comment: "Imported from the spreadsheet FILE."
    source = "spreadsheet"

    def __init__(self, base_url: str = ""):
        self.base_url = base_url
        self.columns = tuple(self._bound_columns())

    def _bound_columns(self):
        """The declared columns, bound, each translated text followed by its German one."""
        for column in type(self).columns:
            bound = self.bind(column)
            yield bound
            if bound.translated:
                yield self.bind(german_column(bound))

    def bind(self, column: Column) -> Column:
        """The column as this sheet uses it: with a label, a reader and a writer."""
        return replace(
            column,
            label=column.label or capfirst(column.name.replace("_", " ")),
            read=column.read or text,
            write=column.write or (lambda obj, name=column.name: getattr(obj, name, "")),
        )

    # Columns ----------------------------------------------------------------------------
    def import_columns(self) -> list[Column]:
        return [column for column in self.columns if not column.export_only]

    def column_names(self) -> list[str]:
        return [column.name for column in self.import_columns()]

    def export_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def labels(self) -> dict[str, str]:
        return {column.name: column.label for column in self.columns} | {ROW: ""}

    def normalise(self, table: Table) -> list[dict]:
        """The rows as dicts by column name. Headers count in any case and spacing; an
        unknown, unnamed or repeated column refuses the file (``SheetError``)."""
        headers = [text(header).lower().replace(" ", "_") for header in table.headers]
        unnamed = [str(n) for n, header in enumerate(headers, 1) if not header]
        takes = ", ".join(self.column_names())
        if unnamed:
            raise SheetError(
                _(
                    "Column %(columns)s has no name in the header row; name it or delete it. "
                    "This sheet takes: %(takes)s."
                )
                % {"columns": ", ".join(unnamed), "takes": takes}
            )
        known = set(self.export_names())
        unknown = [header for header in headers if header not in known]
        if unknown:
            raise SheetError(
                _("Unknown column(s): %(columns)s. This sheet takes: %(takes)s.")
                % {"columns": ", ".join(unknown), "takes": takes}
            )
        repeated = list(dict.fromkeys(h for h in headers if headers.count(h) > 1))
        if repeated:
            raise SheetError(
                _(
                    "The column %(columns)s appears more than once; keep one of each, so that "
                    "it is clear which value counts."
                )
                % {"columns": ", ".join(repeated)}
            )
        readable = set(self.column_names())
        return [
            {name: cell for name, cell in zip(headers, row, strict=False) if name in readable}
            for row in table.rows
        ]

    # Planning ---------------------------------------------------------------------------
    def plan(self, table: Table, file_name: str = "") -> Plan:
        """Every row compared with the database; nothing is written."""
        rows = self.normalise(table)
        present = set(rows[0]) if rows else {text(h).lower() for h in table.headers}
        self.prepare(rows)
        keys_seen: dict = {}
        claimed: dict = {}
        planned = []
        for number, row in zip(table.row_numbers(), rows, strict=True):
            check_time()  # a file that takes too long stops here, between rows
            try:
                result = self.plan_row(number, row)
            except Exception:
                # A fault of ours in reading one row: that row is refused with a sentence,
                # and the other rows still show their own reasons.
                logger.exception("Sheet row %s could not be read", number)
                result = PlannedRow(number=number)
                result.refuse(ROW, str(UNREADABLE_ROW))
            self._refuse_repeats(result, row, keys_seen, claimed)
            for column, value in row.items():
                if isinstance(value, FormulaWithoutValue):
                    result.errors[column] = [value.message()]
            if result.errors:
                result.status = REFUSED
            planned.append(result)
        columns = [column for column in self.import_columns() if column.name in present]
        return Plan(rows=planned, columns=columns, file_name=file_name, labels=self.labels())

    def _refuse_repeats(self, result: PlannedRow, row: dict, keys_seen: dict, claimed: dict):
        """The same key twice in a file, or two rows matching one object, are refused."""
        key = self.row_key(row)
        if key is not None:
            if key in keys_seen:
                result.refuse(ROW, repeated_row(result.number, key, keys_seen[key]))
                return
            keys_seen[key] = result.number
        identity = self.identity(result)
        if identity is None:
            return
        earlier = claimed.setdefault(identity, result.number)
        if earlier != result.number:
            result.refuse(
                ROW,
                _(
                    "Row %(row)s matches the %(noun)s “%(label)s”, as row %(earlier)s does; "
                    "each %(noun)s may appear once."
                )
                % {"row": result.number, "noun": self.noun, "label": result.label,
                   "earlier": earlier},
            )  # fmt: skip

    def prepare(self, rows: list[dict]) -> None:
        """Read once for the file what the rows are matched and checked against."""

    def plan_row(self, number: int, row: dict) -> PlannedRow:
        raise NotImplementedError

    def row_key(self, row: dict) -> tuple | None:
        """The stable key of a row; rows with the same key in one file are refused."""
        return None

    def identity(self, planned: PlannedRow):
        """The stored object a planned row changes (its primary key), or None if new."""
        return None

    # Applying ---------------------------------------------------------------------------
    def apply(self, plan: Plan, user=None, file_name: str = "") -> Plan:
        """Write the plan's new and changed rows (see :func:`apply_plan`)."""
        name = file_name or plan.file_name
        comment = f"Imported from the {self.source} {name}".strip() + "."
        return apply_plan(plan, self.write, user=user, comment=comment)

    def write(self, row: PlannedRow) -> None:
        raise NotImplementedError

    # Exporting --------------------------------------------------------------------------
    def export(self, objects, names: list[str] | None = None) -> tuple[list[str], list[list]]:
        """Headers and rows for ``objects`` (in ``names``' columns, all by default)."""
        chosen = [c for c in self.columns if names is None or c.name in names]
        return [c.name for c in chosen], [[c.write(obj) for c in chosen] for obj in objects]

    def sample_rows(self) -> tuple[list[str], list[list]]:
        names = self.column_names()
        return names, [[self.sample.get(name, "") for name in names]]


def apply_plan(plan: Plan, write, user=None, comment: str = "Imported.", after=None) -> Plan:
    """``write(row)`` for each new and changed row, all or nothing, as one history entry
    per object (by ``user``, with ``comment``); ``after()`` runs last, in the transaction.

    A plan with refusals, or a write the services refuse (``ValidationError``, which then
    marks its row), raises ``PlanRefused`` and writes nothing; any other error (a database
    failure) rolls back and propagates."""
    if plan.refused:
        raise PlanRefused(plan)
    with transaction.atomic(), reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        for row in plan.to_write:
            check_time()
            try:
                write(row)
            except ValidationError as error:
                # Refused by the services: the row says why, and nothing stays written.
                for name, messages in error.update_error_dict({}).items():
                    column = ROW if name == NON_FIELD_ERRORS else name
                    row.refuse(column, *ValidationError(messages).messages)
                row.status = REFUSED
                raise PlanRefused(plan) from error
        if after is not None:
            after()
    return plan
