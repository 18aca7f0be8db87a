"""Pydantic models of the plan file and of the actuals file (format version 1)."""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from decimal import Decimal
from typing import Annotated, Any, Literal

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

from opmkt.money import multiply

FORMAT_VERSION = 1

ID_PATTERN = r"^[A-Za-z0-9._-]+$"
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
DAY_OR_MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])(-[0-9]{2})?$"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_MONTH = re.compile(MONTH_PATTERN)
_DAY_OR_MONTH = re.compile(DAY_OR_MONTH_PATTERN)


def _number(value: Any, what: str, *, minimum: Decimal | None = None) -> Any:
    """Numbers come from the YAML text as int or Decimal; anything else is refused."""
    if isinstance(value, bool):
        raise PydanticCustomError("number", f"{what} must be a number, not true/false")
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, str):
        hint = value.replace(" ", "").replace("\u202f", "").replace("\xa0", "")
        hint = hint.replace(",", ".") if hint.count(",") == 1 and "." not in hint else hint
        example = hint if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", hint) else "1200.50"
        raise PydanticCustomError(
            "number",
            f"{what} must be a number, not text: write it like {example} "
            "(no quotes, a dot for decimals, no thousands separator)",
        )
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise PydanticCustomError("number", f"{what} must be a finite number, not {value}")
        # Bounded so that every figure prints, and no computation on it can exhaust memory.
        if value and not -_MAX_DIGITS <= value.adjusted() < _MAX_DIGITS:
            raise PydanticCustomError(
                "number",
                f"{what} must lie between 10^-{_MAX_DIGITS} and 10^{_MAX_DIGITS}",
            )
        if value.as_tuple().exponent < -_MAX_DIGITS:  # type: ignore[operator]
            raise PydanticCustomError("number", f"{what} has more than {_MAX_DIGITS} decimals")
        if minimum is not None and value < minimum:
            raise PydanticCustomError("number", f"{what} must be at least {minimum}")
        return value
    raise PydanticCustomError("number", f"{what} must be a number")


_MAX_DIGITS = 15


def _money(value: Any) -> Any:
    return _number(value, "an amount", minimum=Decimal(0))


def _plain_number(value: Any) -> Any:
    return _number(value, "a value")


def _positive(value: Any) -> Any:
    result = _number(value, "a rate")
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


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": "number", "minimum": 0}),
]
Number = Annotated[Decimal, BeforeValidator(_plain_number), WithJsonSchema({"type": "number"})]
Rate = Annotated[
    Decimal, BeforeValidator(_positive), WithJsonSchema({"type": "number", "exclusiveMinimum": 0})
]
Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Month = Annotated[
    str,
    BeforeValidator(_calendar_text(_MONTH, "a month as YYYY-MM, such as 2027-02")),
    WithJsonSchema({"type": "string", "pattern": MONTH_PATTERN}),
]
DayOrMonth = Annotated[
    str,
    BeforeValidator(_calendar_text(_DAY_OR_MONTH, "a month as YYYY-MM or a day as YYYY-MM-DD")),
    WithJsonSchema({"type": "string", "pattern": DAY_OR_MONTH_PATTERN}),
]
ID_MAX = 100
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX)]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


def _known_locale(value: str) -> str:
    # localedata.exists only looks for the locale's data file: no data is loaded.
    from babel import localedata

    if not localedata.exists(value):
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
        coerce_numbers_to_str=True,
        str_strip_whitespace=False,
        validate_default=False,
    )


class Period(Model):
    start: Date = Field(description="First day (YYYY-MM-DD).")
    end: Date = Field(description="Last day (YYYY-MM-DD), included.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise PydanticCustomError(
                "period", f"the period ends ({self.end}) before it starts ({self.start})"
            )
        return self


class PlanInfo(Model):
    name: Text = Field(description="Name of the plan.")
    organization: Text | None = None
    period: Period = Field(description="The period the plan covers, usually one year.")
    currency: Currency = Field("EUR", description="ISO 4217 code of the plan's money.")
    locale: Locale | None = Field(
        None, description="Language and number format of reports, such as fr_FR or en_US."
    )
    owner: Id | None = Field(None, description="The team id of who owns the plan.")
    budget_cap: Money | None = Field(None, description="The most this plan may spend.")
    exchange_rates: dict[Currency, Rate] = Field(
        default_factory=dict,
        description="1 unit of the key currency = this many units of the plan's currency.",
    )


class TeamMember(Model):
    id: Id
    name: Text
    role: Text | None = None


class Competitor(Model):
    name: Text
    strengths: list[Text] = Field(default_factory=list)
    weaknesses: list[Text] = Field(default_factory=list)


class OfferItem(Model):
    name: Text
    kind: Literal["product", "service"] | None = None
    price: Money | None = None
    description: Text | None = None


class Segment(Model):
    id: Id
    name: Text | None = None
    size: Number | None = Field(None, description="How many customers or prospects.")
    description: Text | None = None


class Channels(Model):
    communication: list[Text] = Field(default_factory=list)
    distribution: list[Text] = Field(default_factory=list)


class AuditEntry(Model):
    id: Id = Field(description="Lets objectives refer to this item in `addresses`.")
    text: Text


def _audit_item_tag(value: Any) -> str:
    return "entry" if isinstance(value, dict) else "text"


AuditItem = Annotated[
    Annotated[Text, Tag("text")] | Annotated[AuditEntry, Tag("entry")],
    Discriminator(_audit_item_tag),
]
UNION_TAGS = frozenset({"text", "entry"})
"""Names pydantic adds to error locations inside an AuditItem; they are not keys."""


class Swot(Model):
    strengths: list[AuditItem] = Field(default_factory=list)
    weaknesses: list[AuditItem] = Field(default_factory=list)
    opportunities: list[AuditItem] = Field(default_factory=list)
    threats: list[AuditItem] = Field(default_factory=list)


class Pestel(Model):
    political: list[AuditItem] = Field(default_factory=list)
    economic: list[AuditItem] = Field(default_factory=list)
    social: list[AuditItem] = Field(default_factory=list)
    technological: list[AuditItem] = Field(default_factory=list)
    environmental: list[AuditItem] = Field(default_factory=list)
    legal: list[AuditItem] = Field(default_factory=list)


class Audit(Model):
    market: Text | None = Field(None, description="State of the market.")
    competitors: list[Competitor] | None = None
    offer: list[OfferItem] | None = Field(None, description="Products and services offered.")
    segments: list[Segment] | None = Field(None, description="Target customers.")
    pricing: Text | None = None
    channels: Channels | None = Field(None, description="Communication and distribution.")
    swot: Swot | None = None
    pestel: Pestel | None = None


class Practice(Model):
    practice: Text
    evidence: Text | None = None


class Adjustment(Model):
    practice: Text
    change: Text | None = None
    evidence: Text | None = None


class Review(Model):
    period: Period | None = None
    keep: list[Practice] = Field(default_factory=list, description="Practices that worked.")
    drop: list[Practice] = Field(default_factory=list, description="Practices to abandon.")
    adjust: list[Adjustment] = Field(default_factory=list, description="Changes to make.")


class Mix(Model):
    product: Text | None = None
    price: Text | None = None
    place: Text | None = None
    promotion: Text | None = None
    people: Text | None = None
    process: Text | None = None
    physical_evidence: Text | None = None


class FiveC(Model):
    company: Text | None = None
    customers: Text | None = None
    competitors: Text | None = None
    collaborators: Text | None = None
    context: Text | None = None


class Kpi(Model):
    id: Id
    name: Text
    kind: Literal["financial", "performance"]
    unit: Text | None = Field(None, description='A currency code, "%", or a word: visits…')
    formula: Formula | None = Field(None, description="Computed from `inputs`, never measured.")
    inputs: dict[str, Id] | None = Field(
        None, description="What the formula reads: KPI ids, or `budget` for the actual spend."
    )

    @model_validator(mode="after")
    def _formula_inputs(self) -> Kpi:
        if self.formula is None:
            if self.inputs is not None:
                raise PydanticCustomError(
                    "formula",
                    "`inputs` only go with a `formula` (roi, cac, average_basket, conversion_rate)",
                )
            return self
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
    id: Id
    category: Category = Field(
        description="business (activité) | communication | conversion (et fidélisation)"
    )
    title: Text
    kpi: Id | None = Field(None, description="The indicator that measures it.")
    baseline: Number | None = Field(None, description="The KPI's value at the start.")
    target: Number | None = Field(None, description="The KPI's value to reach.")
    deadline: Date | None = None
    segment: Id | None = None
    rationale: Text | None = Field(None, description="Why the target is achievable.")
    addresses: list[Id] = Field(
        default_factory=list, description="Ids of the SWOT/PESTEL items it answers."
    )
    objectives: list[Objective] = Field(default_factory=list, description="Sub-objectives.")


class Action(Model):
    id: Id
    objective: Id = Field(description="The objective (any depth) it serves.")
    what: Text = Field(description="What to do.")
    start: Date | None = None
    end: Date | None = None
    owner: Id | None = Field(None, description="Who does it: a team id.")
    how: Text | None = None
    steps: list[Text] | None = None
    channel: Channel | None = None
    mix: MixLever | None = None
    segment: Id | None = None
    status: Literal["planned", "in_progress", "done", "cancelled"] = "planned"


class Quote(Model):
    ref: Text | None = None
    status: Literal["requested", "received", "accepted"]
    amount: Money | None = Field(None, description="In the line's currency.")


class Recurring(Model):
    model_config = ConfigDict(populate_by_name=False)

    every: Literal["month", "quarter"]
    from_: Month = Field(alias="from", description="First month (YYYY-MM), included.")
    to: Month = Field(description="Last month (YYYY-MM), included.")

    @model_validator(mode="after")
    def _ordered(self) -> Recurring:
        if self.to < self.from_:
            raise PydanticCustomError(
                "recurring", f"recurring ends ({self.to}) before it starts ({self.from_})"
            )
        return self


class BudgetLine(Model):
    id: Id
    action: Id | None = Field(None, description="The action it pays for.")
    label: Text
    category: Text | None = None
    amount: Money | None = Field(None, description="Or quantity × unit_cost.")
    quantity: (
        Annotated[
            Decimal,
            BeforeValidator(lambda v: _number(v, "a quantity", minimum=Decimal(0))),
            WithJsonSchema({"type": "number", "minimum": 0}),
        ]
        | None
    ) = None
    unit_cost: Money | None = None
    currency: Currency | None = Field(None, description="Default: the plan's currency.")
    vendor: Text | None = None
    quote: Quote | None = None
    date: DayOrMonth | None = Field(None, description="Month or day it is spent.")
    recurring: Recurring | None = Field(None, description="Instead of date.")
    previous: Money | None = Field(None, description="The comparable amount last period.")

    @model_validator(mode="after")
    def _cost(self) -> BudgetLine:
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


class Budget(Model):
    previous_total: Money | None = Field(None, description="Last period's total budget.")
    quote_threshold: Money = Field(
        Decimal(1000), description="Lines at or above this total need a vendor quote."
    )
    lines: list[BudgetLine] = Field(default_factory=list)


class LintSettings(Model):
    disable: list[str] = Field(default_factory=list, description="Rule ids to turn off.")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict, description="Rule id → severity."
    )
    max_growth: Number = Field(
        Decimal(1),
        description="Without a rationale, a target may move at most this share of its baseline.",
    )


class Plan(Model):
    """An operational marketing plan."""

    model_config = ConfigDict(title="opmkt plan")

    version: Literal[1] = Field(description="Format version.")
    plan: PlanInfo
    team: list[TeamMember] = Field(default_factory=list)
    audit: Audit | None = None
    review: Review | None = Field(None, description="Review (bilan) of the previous period.")
    mix: Mix | None = Field(None, description="The marketing mix: 4P, and 7P for services.")
    five_c: FiveC | None = None
    kpis: list[Kpi] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    budget: Budget | None = None
    lint: LintSettings = Field(default_factory=LintSettings)


class Measurement(Model):
    kpi: Id
    date: Date
    value: Number
    note: Text | None = None


class Spend(Model):
    line: Id = Field(description="The budget line it is spent against.")
    date: Date
    amount: Money
    currency: Currency | None = Field(None, description="Default: the plan's currency.")
    ref: Text | None = Field(None, description="Invoice or order reference.")
    note: Text | None = None


class Actuals(Model):
    """Results tracked against a plan: KPI measurements and money spent."""

    model_config = ConfigDict(title="opmkt actuals")

    version: Literal[1]
    plan: Text = Field(description="The plan file, relative to this file.")
    kpis: list[Measurement] = Field(default_factory=list)
    spend: list[Spend] = Field(default_factory=list)
