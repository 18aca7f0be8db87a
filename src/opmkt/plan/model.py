"""Pydantic models of the plan file and of the actuals file (format version 1)."""

# No `from __future__ import annotations` here: pydantic would compile each of some 160
# annotations from its text on every start (~8 ms); written as objects, it reads them as is.
import datetime as dt
import functools
import importlib.util
import re
import types
import typing
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from opmkt.findings import Message, say
from opmkt.i18n import N_
from opmkt.plan.money import multiply

FORMAT_VERSION = 1

ID_PATTERN = r"^[A-Za-z0-9._-]+$"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
DAY_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DAY_OR_MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2})?$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_MONTH = re.compile(MONTH_PATTERN)
_DAY_OR_MONTH = re.compile(DAY_OR_MONTH_PATTERN)


# Empty defaults made by plain functions, not by `list` or `dict`: pydantic reads the
# signature of every default factory, and a builtin's costs a parse of its text signature
# (~0.25 ms each, 30 fields, on every start).
def _no_items() -> list[Any]:
    return []


def _no_entries() -> dict[Any, Any]:
    return {}


def _number(value: Any, what: str, *, minimum: Decimal | None = None) -> Any:
    """Numbers come from the YAML text as int or Decimal; anything else is refused."""
    if isinstance(value, bool):
        raise _refused(say("{what} must be a number, not true/false"), what)
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, str):
        hint = value.replace(" ", "").replace("\u202f", "").replace("\xa0", "").replace("_", "")
        hint = hint.replace(",", ".") if hint.count(",") == 1 and "." not in hint else hint
        example = hint if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", hint) else "1200.50"
        raise _refused(
            say(
                "{what} must be a number, not text: write it like {example} "
                "(no quotes, a dot for decimals, no thousands separator, no `_`)"
            ),
            what,
            example=example,
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise _refused(
                say("{what} must be a finite number, not {value}"), what, value=str(value)
            )
        # Bounded so that every figure prints, and no computation on it can exhaust memory.
        if value and not -MAX_DIGITS <= value.adjusted() < MAX_DIGITS:
            raise _refused(
                say("{what} must lie between 10^-{digits} and 10^{digits}"),
                what,
                digits=str(MAX_DIGITS),
            )
        if value.as_tuple().exponent < -MAX_DIGITS:  # type: ignore[operator]
            raise _refused(
                say("{what} has more than {digits} decimals"), what, digits=str(MAX_DIGITS)
            )
        if minimum is not None and value < minimum:
            raise _refused(say("{what} must be at least {minimum}"), what, minimum=str(minimum))
        return value
    raise _refused(say("{what} must be a number"), what)


def _refused(problem: Message, what: str, **values: str) -> PydanticCustomError:
    """A number refused: pydantic's English message, and in its context the English text of
    the message and of the thing refused (`said`, `what`), for the loader to tell it in the
    reader's language."""
    return PydanticCustomError(
        "number", problem.text, {"what": what, "said": problem.text, **values}
    )


MAX_DIGITS = 15
_AN_AMOUNT = say("an amount").text
"""What a number is, in the messages that refuse one (their English, the catalogs' id)."""


def _money(value: Any) -> Any:
    return _number(value, _AN_AMOUNT, minimum=Decimal(0))


def _spent(value: Any) -> Any:
    # A refund or a credit note is money that comes back: a negative amount.
    return _number(value, _AN_AMOUNT)


def _plain_number(value: Any) -> Any:
    return _number(value, say("a value").text)


def number_refusal(value: Decimal, *, money: bool) -> Message | None:
    """Why a record's amount (`money`) or measured value would be refused, in the words of a
    schema finding, to tell in the reader's language; None when it is fine. The fields' own
    check, without building a model: an import checks hundreds of thousands of records."""
    check = _spent if money else _plain_number
    try:
        check(value)
    except PydanticCustomError as exc:
        context = exc.context or {}
        values = [(name, str(told)) for name, told in context.items() if name not in _SAID]
        return Message(str(context["said"]), (("what", Message(str(context["what"]))), *values))
    return None


_SAID = ("said", "what")
"""What a refusal's context holds besides the values of its message's placeholders."""


def _positive(value: Any) -> Any:
    result = _number(value, say("a rate").text)
    if result <= 0:
        raise PydanticCustomError("number", "a rate must be greater than 0")
    return result


def _date(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.match(value):
        raise PydanticCustomError("date", "a date is written YYYY-MM-DD, such as 2027-03-31")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("date", f"{value} is not a day of the calendar") from None


def _calendar_text(pattern: re.Pattern[str], form: str) -> Any:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or not pattern.match(value):
            raise PydanticCustomError("date", f"write {form}")
        if len(value) == 10:
            _date(value)
        return value

    return check


# What the schema says of numbers and dates, as far as JSON Schema can: the bounds of _number
# (the smallest magnitudes and the count of decimals are beyond it), and days of the calendar
# (the pattern for clients that do not check formats, the format for those that do).
_LIMIT = 10**MAX_DIGITS
MONEY_SCHEMA = {"type": "number", "minimum": 0, "exclusiveMaximum": _LIMIT}
_DAY_SCHEMA = {"type": "string", "format": "date", "pattern": DAY_PATTERN}
Money = Annotated[Decimal, BeforeValidator(_money), WithJsonSchema(MONEY_SCHEMA)]
Spent = Annotated[
    Decimal,
    BeforeValidator(_spent),
    WithJsonSchema({"type": "number", "exclusiveMinimum": -_LIMIT, "exclusiveMaximum": _LIMIT}),
]
Number = Annotated[
    Decimal,
    BeforeValidator(_plain_number),
    WithJsonSchema({"type": "number", "exclusiveMinimum": -_LIMIT, "exclusiveMaximum": _LIMIT}),
]
Rate = Annotated[
    Decimal,
    BeforeValidator(_positive),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": _LIMIT}),
]
Date = Annotated[dt.date, BeforeValidator(_date), WithJsonSchema(_DAY_SCHEMA)]
Month = Annotated[
    str,
    BeforeValidator(_calendar_text(_MONTH, "a month as YYYY-MM, such as 2027-02")),
    WithJsonSchema({"type": "string", "pattern": MONTH_PATTERN}),
]
DayOrMonth = Annotated[
    str,
    BeforeValidator(_calendar_text(_DAY_OR_MONTH, "a month as YYYY-MM or a day as YYYY-MM-DD")),
    WithJsonSchema(
        {"type": "string", "anyOf": [{"pattern": MONTH_PATTERN}, _DAY_SCHEMA]},
    ),
]
ID_MAX = 100
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX)]
Currency = Annotated[str, StringConstraints(pattern=CURRENCY_PATTERN)]


@functools.cache
def _locale_data() -> Path:
    # Where Babel keeps a data file per locale, found without importing Babel (~3 ms), which
    # only the commands that format numbers and dates need.
    spec = importlib.util.find_spec("babel")
    assert spec is not None and spec.submodule_search_locations is not None
    return Path(spec.submodule_search_locations[0], "locale-data")


def _known_locale(value: str) -> str:
    # What babel.localedata.exists answers for a name of this pattern: its file is there.
    if not (_locale_data() / f"{value}.dat").is_file():
        raise PydanticCustomError("locale", f"'{value}' is not a locale opmkt knows")
    return value


Locale = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}(_[A-Z]{2})?$"),
    AfterValidator(_known_locale),
]
Text = str
Channel = Literal[
    "press",
    "posters",
    "tv",
    "radio",
    "mobile",
    "social_media",
    "email",
    "website",
    "search",
    "events",
    "in_store",
    "partnership",
    "other",
]
MixLever = Literal[
    "product", "price", "place", "promotion", "people", "process", "physical_evidence"
]
Category = Literal["business", "communication", "conversion"]
Formula = Literal["roi", "cac", "average_basket", "conversion_rate"]

FORMULA_INPUTS: dict[str, tuple[str, ...]] = {
    "roi": ("revenue", "spend"),
    "cac": ("spend", "customers"),
    "average_basket": ("revenue", "orders"),
    "conversion_rate": ("conversions", "visits"),
}
BUDGET_INPUT = "budget"
"""The formula input that reads the actual spend to date instead of a KPI."""


def unwrap(annotation: Any) -> Any:
    """A field's annotation without Annotated and Optional; from a text-or-model union (an
    audit item), the model. Used to find which model validates a place in the file."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [unwrap(a) for a in typing.get_args(annotation) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            annotation = models[0] if models else (args[0] if args else None)
        else:
            return annotation


class Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=False,
        str_strip_whitespace=False,
        validate_default=False,
        defer_build=True,
    )


PERIOD_MAX_MONTHS = 120
"""The most months a period may touch: a plan is short-term (usually a year). Figures are
given per month of the period, so a period of centuries would make every command's work and
output grow with a date the user typed."""


class Period(Model):
    start: Date = Field(description=N_("First day (YYYY-MM-DD)."))
    end: Date = Field(description=N_("Last day (YYYY-MM-DD), included."))

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise PydanticCustomError(
                "period", f"the period ends ({self.end}) before it starts ({self.start})"
            )
        months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        if months > PERIOD_MAX_MONTHS:
            raise PydanticCustomError(
                "period",
                f"the period runs over {months:,} months, from {self.start} to {self.end}: "
                f"a plan covers at most {PERIOD_MAX_MONTHS // 12} years (usually one)",
            )
        return self


class PlanInfo(Model):
    name: Text = Field(description=N_("Name of the plan."))
    organization: Text | None = Field(None, description=N_("The organization the plan is for."))
    period: Period = Field(description=N_("The period the plan covers, usually one year."))
    currency: Currency = Field("EUR", description=N_("ISO 4217 code of the plan's money."))
    locale: Locale | None = Field(
        None, description=N_("Language and number format of reports, such as fr_FR or en_US.")
    )
    owner: Id | None = Field(None, description=N_("The team id of who owns the plan."))
    budget_cap: Money | None = Field(None, description=N_("The most this plan may spend."))
    exchange_rates: dict[Currency, Rate] = Field(
        default_factory=_no_entries,
        description=N_("1 unit of the key currency = this many units of the plan's currency."),
        json_schema_extra={"propertyNames": {"pattern": CURRENCY_PATTERN}},
    )


class TeamMember(Model):
    id: Id = Field(description=N_("Unique id of the person or agency, used by owner fields."))
    name: Text = Field(description=N_("Their name."))
    role: Text | None = Field(None, description=N_("Their role."))


class Competitor(Model):
    name: Text = Field(description=N_("The competitor's name."))
    strengths: list[Text] = Field(default_factory=_no_items, description=N_("What it does well."))
    weaknesses: list[Text] = Field(
        default_factory=_no_items, description=N_("Where it falls short.")
    )


class OfferItem(Model):
    name: Text = Field(description=N_("Name of the product or service."))
    kind: Literal["product", "service"] | None = Field(
        None, description=N_("A product or a service.")
    )
    price: Money | None = Field(None, description=N_("Its price, in the plan's currency."))
    description: Text | None = Field(None, description=N_("What it is."))


class Segment(Model):
    id: Id = Field(description=N_("Unique id of the segment, such as familles."))
    name: Text | None = Field(None, description=N_("Name of the segment."))
    size: Number | None = Field(None, description=N_("How many customers or prospects."))
    description: Text | None = Field(None, description=N_("Who they are."))


class Channels(Model):
    communication: list[Text] = Field(
        default_factory=_no_items,
        description=N_("Channels to reach customers: instagram, flyers, newsletter…"),
    )
    distribution: list[Text] = Field(
        default_factory=_no_items,
        description=N_("Channels to sell and deliver: shop, click and collect…"),
    )


class AuditEntry(Model):
    id: Id = Field(description=N_("Lets objectives refer to this item in `addresses`."))
    text: Text = Field(description=N_("What the analysis found."))


def _audit_item_tag(value: Any) -> str:
    return "entry" if isinstance(value, dict) else "text"


AuditItem = Annotated[
    Annotated[Text, Tag("text")] | Annotated[AuditEntry, Tag("entry")],
    Discriminator(_audit_item_tag),
]
UNION_TAGS = frozenset({"text", "entry", "kpi_id", "spend_scope"})
"""Names pydantic adds to error locations inside an AuditItem or a KpiInput; not keys."""


class Swot(Model):
    strengths: list[AuditItem] = Field(
        default_factory=_no_items,
        description=N_("Internal strengths: each a text, or {id, text} for objectives to address."),
    )
    weaknesses: list[AuditItem] = Field(
        default_factory=_no_items,
        description=N_(
            "Internal weaknesses: each a text, or {id, text} for objectives to address."
        ),
    )
    opportunities: list[AuditItem] = Field(
        default_factory=_no_items,
        description=N_(
            "External opportunities: each a text, or {id, text} for objectives to address."
        ),
    )
    threats: list[AuditItem] = Field(
        default_factory=_no_items,
        description=N_("External threats: each a text, or {id, text} for objectives to address."),
    )


class Pestel(Model):
    political: list[AuditItem] = Field(
        default_factory=_no_items, description=N_("Political factors.")
    )
    economic: list[AuditItem] = Field(
        default_factory=_no_items, description=N_("Economic factors.")
    )
    social: list[AuditItem] = Field(default_factory=_no_items, description=N_("Social factors."))
    technological: list[AuditItem] = Field(
        default_factory=_no_items, description=N_("Technological factors.")
    )
    environmental: list[AuditItem] = Field(
        default_factory=_no_items, description=N_("Environmental factors.")
    )
    legal: list[AuditItem] = Field(default_factory=_no_items, description=N_("Legal factors."))


class Audit(Model):
    market: Text | None = Field(None, description=N_("State of the market."))
    competitors: list[Competitor] | None = Field(
        None, description=N_("The main competitors, with their strengths and weaknesses.")
    )
    offer: list[OfferItem] | None = Field(None, description=N_("Products and services offered."))
    segments: list[Segment] | None = Field(None, description=N_("Target customers."))
    pricing: Text | None = Field(None, description=N_("How prices are set against the market."))
    channels: Channels | None = Field(None, description=N_("Communication and distribution."))
    swot: Swot | None = Field(
        None, description=N_("Strengths, weaknesses, opportunities and threats.")
    )
    pestel: Pestel | None = Field(
        None,
        description=N_(
            "Political, economic, social, technological, environmental and legal factors."
        ),
    )


class Practice(Model):
    practice: Text = Field(description=N_("The practice."))
    evidence: Text | None = Field(None, description=N_("What showed that it worked, or did not."))


class Adjustment(Model):
    practice: Text = Field(description=N_("The practice to adjust."))
    change: Text | None = Field(None, description=N_("What to change in it."))
    evidence: Text | None = Field(None, description=N_("What showed that it needs adjusting."))


class Review(Model):
    period: Period | None = Field(None, description=N_("The period reviewed, usually last year."))
    keep: list[Practice] = Field(
        default_factory=_no_items, description=N_("Practices that worked.")
    )
    drop: list[Practice] = Field(default_factory=_no_items, description=N_("Practices to abandon."))
    adjust: list[Adjustment] = Field(default_factory=_no_items, description=N_("Changes to make."))


class Mix(Model):
    product: Text | None = Field(None, description=N_("Product: what is offered."))
    price: Text | None = Field(None, description=N_("Price: how it is priced."))
    place: Text | None = Field(None, description=N_("Place: where and how it is sold."))
    promotion: Text | None = Field(None, description=N_("Promotion: how it is made known."))
    people: Text | None = Field(None, description=N_("People: who serves the customers (7P)."))
    process: Text | None = Field(
        None, description=N_("Process: how the service is delivered (7P).")
    )
    physical_evidence: Text | None = Field(
        None, description=N_("Physical evidence: what customers see and touch (7P).")
    )


class FiveC(Model):
    company: Text | None = Field(
        None, description=N_("The company: its strengths, resources and aims.")
    )
    customers: Text | None = Field(
        None, description=N_("The customers: who they are and what they need.")
    )
    competitors: Text | None = Field(
        None, description=N_("The competitors and how they position themselves.")
    )
    collaborators: Text | None = Field(None, description=N_("Partners, suppliers and agencies."))
    context: Text | None = Field(
        None, description=N_("The wider context: economy, rules, society, technology.")
    )


def _given(*fields: str, kind: str = "number") -> dict[str, Any]:
    """A schema that holds when each field is present and not null (an optional field may be
    written empty, which the models read as absent)."""
    return {"required": list(fields), "properties": {f: {"type": kind} for f in fields}}


def _formula_schema() -> dict[str, Any]:
    """Kpi's check of its formula and inputs, in JSON Schema: inputs only with a formula, and
    exactly the inputs that formula reads."""
    rules: list[dict[str, Any]] = [
        {
            "if": {"not": _given("formula", kind="string")},
            "then": {"not": _given("inputs", kind="object")},
        }
    ]
    for formula, inputs in FORMULA_INPUTS.items():
        rules.append(
            {
                "if": {"required": ["formula"], "properties": {"formula": {"const": formula}}},
                "then": {
                    "required": ["inputs"],
                    "properties": {
                        "inputs": {
                            "type": "object",
                            "required": list(inputs),
                            "propertyNames": {"enum": list(inputs)},
                        }
                    },
                },
            }
        )
    return {"allOf": rules}


def _one_or_more(value: Any) -> Any:
    """A scope's key names one value or a list of them: either way, a list."""
    return value if isinstance(value, list) else [value]


def _listed(item_schema: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema(
        {"anyOf": [item_schema, {"type": "array", "items": item_schema, "minItems": 1}]}
    )


_ID_SCHEMA = {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX}
IdList = Annotated[
    list[Id], BeforeValidator(_one_or_more), Field(min_length=1), _listed(_ID_SCHEMA)
]
ChannelList = Annotated[
    list[Channel],
    BeforeValidator(_one_or_more),
    Field(min_length=1),
    _listed({"enum": list(typing.get_args(Channel))}),
]
MixList = Annotated[
    list[MixLever],
    BeforeValidator(_one_or_more),
    Field(min_length=1),
    _listed({"enum": list(typing.get_args(MixLever))}),
]
TextList = Annotated[
    list[Text], BeforeValidator(_one_or_more), Field(min_length=1), _listed({"type": "string"})
]


class Scope(Model):
    """Which budget lines a spend input counts: a line is in scope when it matches every key
    given (each key one value or a list of them)."""

    lines: IdList | None = Field(None, description=N_("Budget line ids."))
    objective: IdList | None = Field(
        None, description=N_("Objective ids: their lines and their sub-objectives'.")
    )
    channel: ChannelList | None = Field(None, description=N_("The channel of the line's action."))
    category: TextList | None = Field(None, description=N_("The line's category."))
    mix: MixList | None = Field(None, description=N_("The P of the line's action."))


class ScopedSpend(Model):
    """`{budget: {…}}`: the actual spend of the lines in a scope."""

    budget: Scope = Field(description=N_("Which lines' spend counts."))

    def scope_text(self) -> str:
        """`channel: search, social_media; mix: promotion` ("" for an empty scope)."""
        return "; ".join(
            f"{name}: {', '.join(values)}"
            for name, values in self.budget.model_dump(exclude_none=True).items()
        )

    def describe(self) -> str:
        """`budget (channel: search, social_media)`, as a person reads the scope."""
        scope = self.scope_text()
        return f"{BUDGET_INPUT} ({scope})" if scope else BUDGET_INPUT


def is_spend(source: str | ScopedSpend) -> bool:
    """Whether a formula input reads the actual spend (all of it, or a scope's)."""
    return isinstance(source, ScopedSpend) or source == BUDGET_INPUT


def describe_input(source: str | ScopedSpend) -> str:
    """A formula input as written: a KPI id, `budget`, or `budget (…)` for a scope."""
    return source.describe() if isinstance(source, ScopedSpend) else source


def _input_tag(value: Any) -> str:
    return "spend_scope" if isinstance(value, dict) else "kpi_id"


KpiInput = Annotated[
    Annotated[Id, Tag("kpi_id")] | Annotated[ScopedSpend, Tag("spend_scope")],
    Discriminator(_input_tag),
]


class KpiImport(Model):
    """Where `track import --kind kpi` takes a KPI's measurements from."""

    preset: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        description=N_("The preset of the export, such as ga4 or shopify (`opmkt track presets`).")
    )
    metric: Annotated[str, Field(pattern=ID_PATTERN)] = Field(
        description=N_("The preset's metric, such as sessions, orders or revenue.")
    )
    combine: Literal["sum", "last"] = Field(
        "sum",
        description=N_("A period's rows add up (sum, the default), or its last row counts (last)."),
    )
    match: TextList | None = Field(
        None, description=N_("Only the rows whose source matches one of these patterns.")
    )


class Kpi(Model):
    model_config = ConfigDict(json_schema_extra=_formula_schema())

    id: Id = Field(description=N_("Unique id of the indicator, such as ca."))
    name: Text = Field(description=N_("Name of the indicator."))
    kind: Literal["financial", "performance"] = Field(
        description=N_("Whether it measures money or how well the actions work.")
    )
    unit: Text | None = Field(None, description=N_('A currency code, "%", or a word: visits…'))
    formula: Formula | None = Field(None, description=N_("Computed from `inputs`, never measured."))
    inputs: dict[str, KpiInput] | None = Field(
        None,
        description=N_(
            "What the formula reads: KPI ids, `budget` for the actual spend, or "
            "{budget: {channel: …}} for the spend of some lines."
        ),
    )
    import_from: KpiImport | None = Field(
        None, description=N_("The export and metric `track import --kind kpi` measures it from.")
    )

    @model_validator(mode="after")
    def _formula_inputs(self) -> Self:
        if self.formula is None:
            if self.inputs is not None:
                raise PydanticCustomError(
                    "formula",
                    "`inputs` only go with a `formula` (roi, cac, average_basket, conversion_rate)",
                )
            return self
        if self.import_from is not None:
            raise PydanticCustomError(
                "formula", "a KPI with a `formula` is computed, never imported: drop `import_from`"
            )
        wanted = FORMULA_INPUTS[self.formula]
        given = tuple(self.inputs or {})
        if sorted(given) != sorted(wanted):
            raise PydanticCustomError(
                "formula",
                f"formula {self.formula} reads inputs {{{', '.join(wanted)}}}; "
                f"got {{{', '.join(given)}}}",
            )
        return self


class Objective(Model):
    id: Id = Field(description=N_("Unique id among objectives at every depth, such as O1 or O1.2."))
    category: Category = Field(
        description=N_("business (activité) | communication | conversion (et fidélisation)")
    )
    title: Text = Field(
        description=N_("What to achieve, in a few words (at least 3: smart-specific).")
    )
    kpi: Id | None = Field(None, description=N_("The indicator that measures it."))
    baseline: Number | None = Field(None, description=N_("The KPI's value at the start."))
    target: Number | None = Field(None, description=N_("The KPI's value to reach."))
    deadline: Date | None = Field(
        None,
        description=N_(
            "When it must be reached (YYYY-MM-DD); without one, its nearest "
            "ancestor's, or the plan's end."
        ),
    )
    segment: Id | None = Field(
        None, description=N_("The id of the segment it targets (audit.segments).")
    )
    rationale: Text | None = Field(None, description=N_("Why the target is achievable."))
    addresses: list[Id] = Field(
        default_factory=_no_items, description=N_("Ids of the SWOT/PESTEL items it answers.")
    )
    objectives: list["Objective"] = Field(
        default_factory=_no_items, description=N_("Sub-objectives.")
    )


class Action(Model):
    id: Id = Field(description=N_("Unique id of the action, such as A1."))
    objective: Id = Field(description=N_("The objective (any depth) it serves."))
    what: Text = Field(description=N_("What to do."))
    start: Date | None = Field(
        None, description=N_('When it starts (YYYY-MM-DD): the seed\'s "when?".')
    )
    end: Date | None = Field(None, description=N_("When it ends (YYYY-MM-DD), included."))
    owner: Id | None = Field(None, description=N_("Who does it: a team id."))
    how: Text | None = Field(None, description=N_('How it is done: the seed\'s "how?".'))
    steps: list[Text] | None = Field(
        None, description=N_('The steps to follow, in order: the seed\'s "which process?".')
    )
    channel: Channel | None = Field(None, description=N_("The channel it uses."))
    mix: MixLever | None = Field(None, description=N_("Which P of the marketing mix it works on."))
    segment: Id | None = Field(
        None, description=N_("The id of the segment it targets (audit.segments).")
    )
    status: Literal["planned", "in_progress", "done", "cancelled"] = Field(
        "planned", description=N_("Where the action stands.")
    )


QUOTE_STATUSES = ("requested", "received", "accepted", "waived")
"""A vendor quote's states; `waived`: no quote is needed (media bought on a platform), with a
`reason`."""


class Quote(Model):
    # A waived quote needs its reason: said to schema clients as well as checked here.
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"status": {"const": "waived"}}, "required": ["status"]},
            "then": {"required": ["reason"]},
        }
    )

    ref: Text | None = Field(None, description=N_("The quote's reference."))
    status: Literal["requested", "received", "accepted", "waived"] = Field(
        description=N_("Where the quote stands; waived: no quote is needed (say why in `reason`).")
    )
    amount: Money | None = Field(
        None, description=N_("For the whole line, in the line's currency.")
    )
    reason: Text | None = Field(
        None, description=N_("Why no quote is needed: required when the status is waived.")
    )

    @model_validator(mode="after")
    def _waived_with_reason(self) -> Self:
        if self.status == "waived" and not self.reason:
            raise PydanticCustomError(
                "quote",
                "a waived quote needs a reason, such as reason: bought on the ad platform",
            )
        return self


class Recurring(Model):
    model_config = ConfigDict(populate_by_name=False)

    every: Literal["month", "quarter"] = Field(description=N_("How often the amount is spent."))
    from_: Month = Field(alias="from", description=N_("First month (YYYY-MM), included."))
    # A `to` before `from` loads, so that `budget-dates` reports it with the line's other date
    # problems and the rest of the plan is still checked: it just has no occurrence.
    to: Month = Field(description=N_("Last month (YYYY-MM), included."))


class BudgetLine(Model):
    # What the model's own checks say, as far as JSON Schema can say it: an amount, or quantity
    # and unit_cost together; not both date and recurring. (That an amount given with quantity
    # and unit_cost equals their product is beyond it.)
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [_given("amount"), _given("quantity", "unit_cost")],
            "allOf": [
                {"if": _given("quantity"), "then": _given("unit_cost")},
                {"if": _given("unit_cost"), "then": _given("quantity")},
            ],
            "not": {
                "required": ["date", "recurring"],
                "properties": {"date": {"type": "string"}, "recurring": {"type": "object"}},
            },
        }
    )

    id: Id = Field(description=N_("Unique id of the line, such as B1."))
    action: Id | None = Field(None, description=N_("The action it pays for."))
    label: Text = Field(description=N_("What the money is for."))
    category: Text | None = Field(
        None,
        description=N_(
            "A free word such as content, media, print, tools, events or fees; "
            "one of budget.categories once they are given."
        ),
    )
    amount: Money | None = Field(None, description=N_("Or quantity × unit_cost."))
    quantity: (
        Annotated[
            Decimal,
            BeforeValidator(lambda v: _number(v, say("a quantity").text, minimum=Decimal(0))),
            WithJsonSchema(MONEY_SCHEMA),
        ]
        | None
    ) = Field(None, description=N_("How many units: with unit_cost, instead of amount."))
    unit_cost: Money | None = Field(
        None,
        description=N_(
            "The cost of one unit, in the line's currency: with quantity, instead of amount."
        ),
    )
    currency: Currency | None = Field(None, description=N_("Default: the plan's currency."))
    vendor: Text | None = Field(None, description=N_("Who is paid."))
    quote: Quote | None = Field(None, description=N_("The vendor's quote for the line."))
    date: DayOrMonth | None = Field(None, description=N_("Month or day it is spent."))
    recurring: Recurring | None = Field(None, description=N_("Instead of date."))
    previous: Money | None = Field(None, description=N_("The comparable amount last period."))
    match: TextList | None = Field(
        None,
        description=N_(
            "Import: an export's rows whose source (campaign, account, description) "
            "matches one of these patterns (* and ?, any case) are spend on this line."
        ),
    )

    @model_validator(mode="after")
    def _cost(self) -> Self:
        if (self.quantity is None) != (self.unit_cost is None):
            raise PydanticCustomError(
                "cost", "quantity and unit_cost go together: give both, or an amount"
            )
        if self.amount is None and self.quantity is None:
            raise PydanticCustomError("cost", "give an amount, or quantity and unit_cost")
        if self.amount is not None and self.quantity is not None and self.unit_cost is not None:
            product = multiply(self.quantity, self.unit_cost)
            if product != self.amount:
                raise PydanticCustomError(
                    "cost",
                    f"amount {self.amount} is not quantity × unit_cost ({product}): "
                    "give one or make them agree",
                )
        if self.date is not None and self.recurring is not None:
            raise PydanticCustomError("cost", "give either date or recurring, not both")
        return self

    @property
    def unit_amount(self) -> Decimal:
        """The amount of one occurrence, in the line's currency."""
        if self.amount is not None:
            return self.amount
        assert self.quantity is not None and self.unit_cost is not None
        return multiply(self.quantity, self.unit_cost)


class BudgetCategory(Model):
    id: Text = Field(min_length=1, description=N_("The category as budget lines name it."))
    name: Text = Field(description=N_("Its name, as reports show it."))


class Budget(Model):
    previous_total: Money | None = Field(None, description=N_("Last period's total budget."))
    quote_threshold: Money = Field(
        Decimal(1000), description=N_("Lines at or above this total need a vendor quote.")
    )
    lines: list[BudgetLine] = Field(
        default_factory=_no_items, description=N_("The budget lines: what is spent, on what, when.")
    )
    categories: list[BudgetCategory] = Field(
        default_factory=_no_items,
        description=N_(
            "Display names of the lines' categories; once given, a line's category "
            "must be one of them."
        ),
    )


RESERVED_SCENARIOS = ("base", "all")
"""What `--scenario` already means: the plan as written, every scenario side by side."""


def _not_reserved(value: str) -> str:
    if value in RESERVED_SCENARIOS:
        raise PydanticCustomError(
            "scenario",
            f"'{value}' names what --scenario {value} already means (base: the plan as "
            "written; all: every scenario side by side): give the scenario another name",
        )
    return value


class Scenario(Model):
    id: Annotated[Id, AfterValidator(_not_reserved)] = Field(
        description=N_(
            "The scenario's name, such as best or worst: `--scenario NAME` applies it "
            "(not base or all, which --scenario already means)."
        ),
        json_schema_extra={
            "not": {
                "enum": list(RESERVED_SCENARIOS),
                "enumDescriptions": ["The plan as written.", "Every scenario side by side."],
            }
        },
    )
    description: Text | None = Field(None, description=N_("What it supposes."))
    lines: dict[str, Money] = Field(
        default_factory=_no_entries,
        description=N_(
            "Budget lines' amounts by line id: the amount of one occurrence, in the "
            "line's currency, instead of its amount (or quantity × unit_cost)."
        ),
    )
    targets: dict[str, Number] = Field(
        default_factory=_no_entries, description=N_("Objectives' targets by objective id.")
    )
    exchange_rates: dict[Currency, Rate] = Field(
        default_factory=_no_entries,
        description=N_(
            "Exchange rates by currency code, instead of the plan's: 1 unit of the "
            "currency in the plan's currency."
        ),
    )


class LintSettings(Model):
    disable: list[str] = Field(default_factory=_no_items, description=N_("Rule ids to turn off."))
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=_no_entries, description=N_("Rule id → severity.")
    )
    max_growth: Number = Field(
        Decimal(1),
        description=N_(
            "Without a rationale, a target may move at most this share of its baseline."
        ),
    )


ReportSection = Literal[
    "summary",
    "audit",
    "review",
    "mix-5c",
    "objectives",
    "actions",
    "budget",
    "indicators",
    "results",
    "appendix",
]
"""The sections of `opmkt report`, by their id in the HTML page."""


def _once_each(sections: list[str]) -> list[str]:
    twice = sorted({s for s in sections if sections.count(s) > 1})
    if twice:
        raise PydanticCustomError(
            "sections", f"each section may be named once: {', '.join(twice)} is named twice"
        )
    return sections


def _readable_accent(value: str) -> str:
    """The accent colours headings' rules and links: refused when text in it would not read
    on white (WCAG AA: a contrast of 4.5:1), with the nearest darker colour that would."""
    from opmkt.plan.colour import MINIMUM_CONTRAST, contrast_on_white, readable

    ratio = contrast_on_white(value)
    if ratio < MINIMUM_CONTRAST:
        raise PydanticCustomError(
            "accent",
            f"accent {value} is too light to read on white (contrast {ratio:.1f}:1, text "
            f"needs {MINIMUM_CONTRAST}:1): use a darker colour, such as {readable(value)}",
        )
    return value


def _default_lint() -> LintSettings:
    # The defaults as they are: built without a validator of its own, which a plan without
    # `lint:` would have built for this alone (the plan's validator covers a written one).
    return LintSettings.model_construct()


class ReportSettings(Model):
    prepared_by: Text | None = Field(
        None, description=N_("Who prepared the document, shown on its cover: a person, a firm.")
    )
    logo: Text | None = Field(
        None, description=N_("A PNG, JPEG or SVG file, relative to the plan, shown on the cover.")
    )
    accent: (
        Annotated[
            str,
            StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$"),
            AfterValidator(_readable_accent),
        ]
        | None
    ) = Field(
        None,
        description=N_(
            "The colour of headings' rules and links, as #rrggbb; dark enough for text on white."
        ),
    )
    audience: Literal["client", "team"] = Field(
        "team",
        description=N_(
            "Who reads opmkt report by default: client (no validation findings, "
            "no rule ids, no hints for the plan's author) or team (with the findings)."
        ),
    )
    sections: Annotated[list[ReportSection], AfterValidator(_once_each)] | None = Field(
        None,
        description=N_("The sections of the report, in this order (default: all of them)."),
    )


class Plan(Model):
    """An operational marketing plan."""

    model_config = ConfigDict(title="opmkt plan")

    version: Literal[1] = Field(description=N_("Format version."))
    plan: PlanInfo = Field(description=N_("The plan itself: name, period, currency, cap."))
    team: list[TeamMember] = Field(
        default_factory=_no_items,
        description=N_("Who takes part: people and agencies, referred to by owner."),
    )
    audit: Audit | None = Field(
        None,
        description=N_(
            "The audit: market, competitors, offer, segments, pricing, channels, SWOT, PESTEL."
        ),
    )
    review: Review | None = Field(None, description=N_("Review (bilan) of the previous period."))
    mix: Mix | None = Field(None, description=N_("The marketing mix: 4P, and 7P for services."))
    five_c: FiveC | None = Field(
        None, description=N_("The 5C: company, customers, competitors, collaborators, context.")
    )
    kpis: list[Kpi] = Field(
        default_factory=_no_items,
        description=N_("The indicators that measure the objectives, financial and performance."),
    )
    objectives: list[Objective] = Field(
        default_factory=_no_items,
        description=N_("The objectives, in three categories, with sub-objectives."),
    )
    actions: list[Action] = Field(
        default_factory=_no_items, description=N_("The actions that serve the objectives.")
    )
    budget: Budget | None = Field(
        None, description=N_("The budget: lines, quote threshold, last period's total.")
    )
    scenarios: list[Scenario] = Field(
        default_factory=_no_items,
        description=N_(
            "Named alternatives (best, worst, …): budget lines' amounts, objectives' "
            "targets and exchange rates that differ from the plan's."
        ),
    )
    lint: LintSettings = Field(
        default_factory=_default_lint,
        description=N_("Settings of opmkt validate's rules for this plan."),
    )
    report: ReportSettings | None = Field(
        None,
        description=N_(
            "What opmkt report needs and the plan does not: who prepared it, logo, "
            "accent colour, audience, sections."
        ),
    )


class Measurement(Model):
    kpi: Id = Field(description=N_("The id of the KPI measured."))
    date: Date = Field(description=N_("The day of the measurement (YYYY-MM-DD)."))
    value: Number = Field(description=N_("The indicator's value on that day."))
    note: Text | None = Field(None, description=N_("A note on the measurement."))


class Spend(Model):
    line: Id = Field(description=N_("The budget line it is spent against."))
    date: Date = Field(description=N_("The day it was spent (YYYY-MM-DD)."))
    amount: Spent = Field(
        description=N_(
            "How much, in the record's currency; negative for a refund or a credit note."
        )
    )
    currency: Currency | None = Field(None, description=N_("Default: the plan's currency."))
    ref: Text | None = Field(None, description=N_("Invoice or order reference."))
    note: Text | None = Field(None, description=N_("A note on the spending."))


class Actuals(Model):
    """Results tracked against a plan: KPI measurements and money spent."""

    model_config = ConfigDict(title="opmkt actuals")

    version: Literal[1] = Field(description=N_("Format version."))
    plan: Text = Field(min_length=1, description=N_("The plan file, relative to this file."))
    kpis: list[Measurement] = Field(
        default_factory=_no_items, description=N_("Measurements of the plan's indicators.")
    )
    spend: list[Spend] = Field(
        default_factory=_no_items, description=N_("Money spent against the plan's budget lines.")
    )
