"""The account and workspace files, format version 1, as typed and frozen models.

Types only: field shapes, enums, ranges. Checks that need several fields at once live in
:mod:`qbrgen.account.checks`, so each can name the exact field it is about. Lists are tuples and every
model is frozen, so a validated account cannot change under the builder.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from qbrgen.account.fields import (
    SUPPORTED_VERSIONS,  # noqa: F401 - part of this module's interface
    Amount,
    Better,
    Color,
    CompanyStage,
    Date,
    Days,
    Email,
    Esign,
    Function,
    GoalStatus,
    Impact,
    Level,
    Likelihood,
    Measure,
    Money,
    Month,
    Overage,
    PageSize,
    PdfVariant,
    Percent,
    PriceCall,
    QbrWhen,
    Quarter,
    Rate,
    Role,
    Segment,
    Sentiment,
    SignalKind,
    Taxes,
    Text,
    currency_code,
    finite,
    language_code,
    locale_code,
)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True, coerce_numbers_to_str=False)


class AccountInfo(_Model):
    name: Text
    """Customer's name as it should appear on the documents."""
    id: Text | None = None
    """CRM id; kept exactly as written (leading zeros included)."""
    industry: Text | None = None
    """Customer's industry."""
    segment: Segment
    """smb, mid-market or enterprise."""
    tier: Literal["white-glove", "programmatic", "tech-touch"] | None = None
    """Coverage tier, when the team assigns it: tech-touch gets a renewal notice instead of a meeting deck."""
    currency: Annotated[str, AfterValidator(currency_code)]
    """ISO 4217 currency code of every amount in the file."""
    locale: Annotated[str, AfterValidator(locale_code)] = "en_US"
    """How numbers, money and dates are written, like en_US or de_DE."""
    language: Annotated[str, AfterValidator(language_code)] | None = None
    """Language the documents are written in, like de, fr, es, pt_BR or ja; default: the locale's language."""
    owner: Text
    """Account manager accountable for renewal and growth."""
    owner_email: Email | None = None
    """The account manager's email, printed on the proposal as the customer's contact."""
    owner_phone: Text | None = None
    """The account manager's phone number, printed on the proposal as written."""
    csm: Text | None = None
    """Customer success manager."""
    logo: Text | None = None
    """Customer logo: an image path relative to the account file."""


class Capacity(_Model):
    unit: Text
    """What is counted, like seats or API calls per month."""
    contracted: Amount
    """Contracted quantity."""
    used: Amount
    """Quantity in use today."""


class Product(_Model):
    name: Text
    """Product name (as in the workspace catalog)."""
    arr: Money
    """Annual recurring revenue of this product."""
    capacity: Capacity | None = None
    """Contracted against used capacity; drives upsell triggers at 80%."""


class Contract(_Model):
    start_date: Date
    """First day of the current contract."""
    renewal_date: Date
    """Day the contract expires and renews."""
    term_months: Annotated[int, Field(ge=1, le=120)]
    """Length of the current term in months."""
    auto_renew: bool = False
    """Whether the contract renews automatically."""
    uplift_cap_pct: Annotated[Decimal, Field(ge=0, le=100), AfterValidator(finite)] | None = None
    """Contractual cap on the renewal increase, in percent."""
    products: tuple[Product, ...]
    """What is deployed today; ARR is their sum."""


class ArrPoint(_Model):
    date: Date
    arr: Money


class HealthPoint(_Model):
    date: Date
    score: Annotated[Decimal, Field(ge=0, le=100), AfterValidator(finite)]


class Usage(_Model):
    metric: Text
    """A business-relevant usage measure, like invoices processed."""
    monthly: dict[Month, Amount]
    """Monthly values keyed by month (2026-01)."""


class Stakeholder(_Model):
    name: Text
    title: Text
    level: Level
    """ic, manager, director, vp or c-level."""
    function: Function
    """buying, using or adjacent team."""
    role: Role
    """champion, economic-buyer, technical, user or blocker (internal)."""
    strength: Annotated[int, Field(ge=1, le=5)]
    """Relationship strength from 1 (cold) to 5 (trusted) (internal)."""
    sentiment: Sentiment
    """advocate, neutral or detractor (internal)."""
    last_contact: Date | None = None
    """Date of the last real conversation."""
    email: Email | None = None
    """Their email address: the written recap after the QBR is addressed to the attendees who have one."""
    departed: Date | None = None
    """Day this person left the company or the account (internal); they drop out of coverage and contact lists."""


class Outcome(_Model):
    outcome: Text
    baseline: Measure
    current: Measure
    unit: Text
    better: Better
    """Which direction is an improvement: lower or higher."""
    annual_value: Money | None = None
    """Documented yearly value in the account's currency."""
    evidence: Text | None = None
    """Where the figure comes from."""
    period: Text | None = None
    """When it was measured, like 'Q3 2025 to Q3 2026'; default: since the contract's start date."""


class Activity(_Model):
    metric: Text
    value: Measure


class Priority(_Model):
    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
    """Short id that roadmap items refer to."""
    title: Text
    horizon: Quarter | None = None
    """Quarter by which it matters, like 2027-Q2."""


class RoadmapItem(_Model):
    title: Text
    available: Quarter | None = None
    """Quarter of availability, like 2027-Q1."""
    supports: tuple[str, ...] = ()
    """Ids of the customer priorities this item serves."""


class Goal(_Model):
    goal: Text
    customer_owner: Text
    vendor_owner: Text
    due: Date
    status: GoalStatus


class Opportunity(_Model):
    product: Text
    arr: Money


class WhitespaceRow(_Model):
    unit: Text
    """Business unit or team."""
    deployed: tuple[Text, ...] = ()
    opportunities: tuple[Opportunity, ...] = ()


class Risk(_Model):
    risk: Text
    likelihood: Likelihood
    impact: Impact
    mitigation: Text | None = None
    """How the risk is being reduced; a risk without one is flagged."""
    owner: Text | None = None


class Signal(_Model):
    date: Date
    kind: SignalKind
    note: Text | None = None


class Clause(_Model):
    title: Annotated[Text, Field(max_length=200)]
    """The clause's heading, like 'Data protection'."""
    text: Text
    """The clause in Markdown: paragraphs separated by a blank line, and '- ' lists; printed as written."""


class RenewalOption(_Model):
    name: Text
    term_months: Annotated[int, Field(ge=1, le=120)]
    increase_pct: Percent
    price_protection: bool = False
    """Price held flat for the whole term."""


class Expansion(_Model):
    product: Text
    unit: Text | None = None
    arr: Money


class Signatory(_Model):
    name: Text | None = None
    """Who signs; left out, the proposal leaves a line to fill in."""
    title: Text | None = None
    """Their job title; left out, the proposal leaves a line to fill in."""


class Signatories(_Model):
    customer: Signatory = Signatory()
    """Who signs for the customer."""
    vendor: Signatory | None = None
    """Who signs for the vendor; default: proposal.signatory of qbrgen.yaml."""


class PricingDecision(_Model):
    decision: PriceCall
    """keep-increase: ask for renewal.increase_pct although lint errs against it; hold-flat: renew at today's
    price with a recovery plan although lint finds nothing against the increase."""
    reason: Text
    """Why: recorded in the internal account plan, never shown to the customer."""
    decided_by: Text | None = None
    """Who took the decision, like the deal desk or the VP of sales."""


class Renewal(_Model):
    increase_pct: Percent
    """Proposed list-price increase at renewal, in percent."""
    new_capabilities: tuple[Text, ...] = ()
    """Delivered since the last contract; the justification for the increase."""
    options: tuple[RenewalOption, ...] = ()
    expansion: tuple[Expansion, ...] = ()
    term_start: dt.date | None = None
    """When the new term starts if the renewal date has already passed; default: the as-of date."""
    uplift_cap_pct: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    """Proposed cap on the increase at each later renewal, in percent; left out, the proposal promises none."""
    auto_renew: bool | None = None
    """Proposed: the renewed contract renews automatically; left out, the proposal says nothing of it."""
    valid_until: dt.date | None = None
    """Last day the offer stands; default: proposal.valid_days after the as-of date, at most the renewal date."""
    payment_terms: Text | None = None
    """How and when invoices are paid; default: proposal.payment_terms of qbrgen.yaml."""
    notice_days: Days | None = None
    """Days of written notice to end the contract at the end of a term; default: proposal.notice_days."""
    taxes: Taxes | None = None
    """Prices 'excluded' or 'included' of taxes; default: proposal.taxes of qbrgen.yaml."""
    signatories: Signatories = Signatories()
    """Who signs on each side (name and title); blank lines to fill where not given."""
    clauses: tuple[Clause, ...] = ()
    """This account's own clauses, printed after the workspace's proposal.clauses in the proposal's terms."""
    pricing_decision: PricingDecision | None = None
    """Overrides the price qbrgen proposes when lint errs against the increase (value below the price, a
    critical churn signal open): by default the documents then propose a flat renewal with a recovery plan."""
    discount_approved_by: Text | None = None
    """Who approved a discount (a negative increase) above renewal_policy.discount_approval_pct."""
    overage: Overage | None = None
    """How a product used above its contracted quantity is renewed: 'quantity' (at the quantity in use) or
    'true-up' (a separate line at today's unit price); default: renewal_policy.overage of qbrgen.yaml."""
    milestones_done: tuple[Annotated[int, Field(ge=0, le=365)], ...] = ()
    """Renewal steps already completed, by days before the renewal (like [180, 150]); a passed one not
    listed is shown as missed in the internal documents."""


def _meeting_length(value):
    if value == "none":
        return value
    if isinstance(value, bool) or value not in (30, 60):
        raise ValueError(f"must be 30 (a short business review), 60 (the executive QBR) or none (a tech-touch "
                         f"account: a renewal notice instead of a meeting), not {value}")
    return value


def _previous(value: str) -> str:
    """Accept a git revision as written; a date-shaped value must be a real date."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a real date; give the last review's date like 2026-09-10, or a "
                             "git revision") from None
    return value


class Qbr(_Model):
    date: QbrWhen | None = None
    """Date of the meeting; with a time ('2026-12-10 14:00') the agenda shows clock times."""
    attendees: tuple[Text, ...] = ()
    length: Annotated[int | Literal["none"], AfterValidator(_meeting_length)] | None = None
    """Meeting length in minutes: 60 for the executive QBR, 30 for a short business review; none for a
    tech-touch account, which gets a one-page renewal notice (PDF and Markdown) instead of a deck.

    Default: 60 for strategic accounts, 30 below renewal_policy.enterprise_arr or in the smb segment.
    """
    previous: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_./~^@{}+-]*$", max_length=100),
                        AfterValidator(_previous)] | None = None
    """The last review: its date (2026-09-10) or a git revision (a tag, a commit); the deck opens with what
    changed since the account file as it stood then, read from the repository's history."""


class Account(_Model):
    """One customer account, format version 1."""

    version: int
    """Format version of this file; 1."""
    account: AccountInfo
    contract: Contract
    arr_history: tuple[ArrPoint, ...] = ()
    health: tuple[HealthPoint, ...] = ()
    usage: Usage | None = None
    stakeholders: tuple[Stakeholder, ...]
    value: tuple[Outcome, ...]
    activity: tuple[Activity, ...] = ()
    priorities: tuple[Priority, ...]
    roadmap: tuple[RoadmapItem, ...]
    success_plan: tuple[Goal, ...]
    whitespace: tuple[WhitespaceRow, ...]
    risks: tuple[Risk, ...]
    signals: tuple[Signal, ...] = ()
    renewal: Renewal
    qbr: Qbr | None = None


class Vendor(_Model):
    name: Text
    logo: Text | None = None
    """Vendor logo: an image path relative to qbrgen.yaml."""


class Theme(_Model):
    primary: Color = "#1F3A5F"
    accent: Color = "#F28C28"
    font: Text = "Calibri"
    """The documents' font: Calibri or Arial (measured with their free twins Carlito and Liberation Sans),
    Carlito, Liberation Sans or DejaVu Sans; any other falls back to Calibri with a warning."""


class Templates(_Model):
    deck: Text | None = None
    """A .pptx or .potx whose master and layouts are used for the deck."""
    proposal_docx: Text | None = None
    """A .docx or .dotx whose styles are used for the proposal."""
    proposal_html: Text | None = None
    """A Jinja2 HTML template for the PDF proposal."""
    cover: Literal["keep", "drop"] = "drop"
    """keep: use the Word template's designed first-page cover (its pictures and shapes, without their sample
    text) under the proposal's title; drop (default): a template gives its styles, headers and footers only."""


class ReviewTier(_Model):
    from_arr: Money
    """Contract size (ARR) from which this review length applies."""
    days: Annotated[int, Field(ge=1, le=120)]
    """Business days of legal and procurement review."""


class WorkingCalendar(_Model):
    closed: tuple[Annotated[str, Field(pattern=r"^(\d{4}-)?\d{2}-\d{2}(\.\.(\d{4}-)?\d{2}-\d{2})?$")], ...] = ()
    """Days your team does not work besides weekends and public holidays: a date (2026-12-24), a range
    (2026-12-24..2026-12-31), or a month-day range that closes every year (12-24..12-31)."""


class Segmentation(_Model):
    enabled: bool = True
    """Whether the book's ranking by ARR gives an account its tier when its file sets no account.tier."""
    min_accounts: Annotated[int, Field(ge=3, le=1000000)] = 10
    """A book (a currency, or the converted book) with fewer accounts is not segmented: no account is
    demoted to tech-touch only because it is the smallest of a handful."""


class RenewalPolicy(_Model):
    start_days_before: Annotated[int, Field(ge=30, le=365)] = 180
    """Renewal work starts this many days before expiry."""
    enterprise_arr: Money = Decimal(100000)
    """Contract size from which a renewal needs an account manager."""
    discount_approval_pct: Annotated[Decimal, Field(ge=0, le=100), AfterValidator(finite)] = Decimal(10)
    """A discount (a negative increase) above this percent is a lint error unless renewal.discount_approved_by
    names who approved it."""
    overage: Overage = "true-up"
    """How a product used above its contracted quantity is renewed: 'true-up' (the default: the contracted
    quantity, plus a separate line for the excess at today's unit price) or 'quantity' (at the quantity in use)."""
    shelfware_pct: Annotated[Decimal, Field(ge=0, le=100), AfterValidator(finite)] = Decimal(50)
    """A product used below this percent of its contracted quantity is an adoption goal, never cross-sold."""
    review_days: tuple[ReviewTier, ...] = ()
    """Business days the customer's legal and procurement review takes, by contract size; default: 5 below
    an ARR of 25,000, 10 below enterprise_arr, 15 from it."""


class LintConfig(_Model):
    disable: tuple[Annotated[str, Field(pattern=r"^QBR\d{3}$")], ...] = ()
    """Lint rule ids to turn off for this workspace, like QBR003."""


class ProposalDefaults(_Model):
    valid_days: Annotated[int, Field(ge=1, le=365)] = 30
    """The offer stands this many days after the as-of date (never past the renewal date)."""
    payment_terms: Text = "annually in advance, net 30 days from the invoice date"
    """How and when invoices are paid."""
    notice_days: Days = 60
    """Days of written notice either party gives to end the contract at the end of a term."""
    taxes: Taxes = "excluded"
    """Prices 'excluded' or 'included' of taxes."""
    signatory: Signatory = Signatory()
    """Who signs for the vendor (name and title), unless an account names someone else."""
    esign: Esign = "none"
    """docusign, adobe-sign or none: invisible anchors for the e-signature platform (--esign overrides)."""
    pdf_variant: PdfVariant = "plain"
    """plain, pdf/a-3b (archival) or pdf/ua-1 (accessible, tagged) (--pdf-variant overrides)."""
    page_size: PageSize = "auto"
    """auto (Letter for US and Canada, A4 elsewhere, from the account's locale), a4 or letter."""
    clauses: tuple[Clause, ...] = ()
    """Your legal team's own clauses (title and Markdown text), printed after qbrgen's terms in every proposal."""


class Workspace(_Model):
    """The workspace file qbrgen.yaml, format version 1."""

    version: int
    vendor: Vendor = Vendor(name="Our team")
    company_stage: CompanyStage = "growth"
    """early, growth or scale: who should own renewals."""
    theme: Theme = Theme()
    templates: Templates = Templates()
    catalog: tuple[Text, ...] = ()
    """The vendor's products, for whitespace and cross-sell."""
    renewal_policy: RenewalPolicy = RenewalPolicy()
    lint: LintConfig = LintConfig()
    proposal: ProposalDefaults = ProposalDefaults()
    """Commercial defaults of the renewal proposal; an account's renewal section overrides them."""
    working_calendar: WorkingCalendar = WorkingCalendar()
    """Your team's closed days: steps to signature never fall on them."""
    reporting_currency: Annotated[str, AfterValidator(currency_code)] | None = None
    """Portfolio totals are converted into this currency with fx_rates."""
    fx_rates: dict[Annotated[str, AfterValidator(currency_code)], Rate] = {}
    """Units of reporting_currency for one unit of each currency, like {EUR: 1.08}."""
    fx_date: Date | None = None
    """The date the rates were taken, shown beside converted totals."""
    segmentation: Segmentation = Segmentation()
    """How the book's tiers (top 20% white-glove, bottom 20% tech-touch by ARR) apply to each account's documents."""


DEFAULT_WORKSPACE = Workspace(version=1)
