"""One small pure function per rule: facts and parameters in, a check outcome out.

Thresholds come from the rule's dated parameters (knowledge/rules/*.yaml), never from this file.
Messages explain the outcome in plain words; they decide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from assistant.eligibility.countries import CountryTable
from assistant.eligibility.facts import DealFacts
from assistant.eligibility.models import CheckResult, Term
from assistant.eligibility.ruleset import Rule


@dataclass(frozen=True)
class Outcome:
    result: CheckResult
    message: str
    reason_code: str | None = None
    missing: tuple[str, ...] = ()
    cite: str = "default"
    data: dict[str, Any] = field(default_factory=dict)  # e.g. the term or the supported amount


@dataclass(frozen=True)
class Inputs:
    facts: DealFacts
    countries: CountryTable
    day: date
    term: Term | None = None
    term_missing: tuple[str, ...] = ()


def _missing(*facts: str, what: str) -> Outcome:
    return Outcome("missing", f"Needed to check {what}: {', '.join(facts)}.", missing=facts)


def _money(amount: float) -> str:
    return f"${amount:,.0f}" if amount == int(amount) else f"${amount:,.2f}"


def us_exporter(rule: Rule, x: Inputs) -> Outcome:
    if x.facts.exporter_country is None:
        return _missing("exporter_country", what="that the exporter is a U.S. exporter")
    allowed = rule.param("exporter_countries", x.day)
    if x.facts.exporter_country in allowed:
        return Outcome("pass", "The exporter is a U.S. exporter.")
    name = x.countries.get(x.facts.exporter_country).name
    return Outcome(
        "fail",
        f"EXIM supports U.S. exporters; an exporter seated in {name} is not eligible.",
        "exporter_not_us",
    )


def destination_sanctioned(rule: Rule, x: Inputs) -> Outcome:
    if x.facts.buyer_country is None:
        return _missing("buyer_country", what="U.S. embargoes")
    for role, code in (("buyer", x.facts.buyer_country), ("buyer's headquarters", x.facts.hq_country)):
        if code and x.countries.get(code).embargoed:
            return Outcome(
                "fail",
                f"The {role} is in {x.countries.get(code).name}, which is under a comprehensive "
                "U.S. embargo; EXIM cannot support the deal.",
                "destination_sanctioned",
                cite="fail",
            )
    return Outcome("pass", "Neither the buyer's country nor its headquarters is under a comprehensive U.S. embargo.")


def destination_off_cover(rule: Rule, x: Inputs) -> Outcome:
    if x.facts.buyer_country is None:
        return _missing("buyer_country", what="EXIM's country cover")
    country = x.countries.get(x.facts.buyer_country)
    if country.off_cover:
        return Outcome(
            "fail",
            f"EXIM is off cover in {country.name}: it does not support new transactions there.",
            "destination_off_cover",
            cite="fail",
        )
    return Outcome(
        "pass",
        f"EXIM is not known to be off cover in {country.name}; the live Country Limitation "
        "Schedule still has the final word.",
    )


def restricted_party(rule: Rule, x: Inputs) -> Outcome:
    if x.facts.restricted_party is None:
        return _missing("restricted_party", what="restricted-party screening")
    if x.facts.restricted_party:
        return Outcome(
            "fail",
            "The buyer or end user is on the Entity List, the SDN list or the MEU list; the deal "
            "cannot be financed and needs compliance review.",
            "restricted_party",
            cite="fail",
        )
    return Outcome(
        "pass",
        "The buyer and end user are not on the Entity List, the SDN list or the MEU list "
        "(as screened by the exporter).",
    )


def military_end_use(rule: Rule, x: Inputs) -> Outcome:
    use = x.facts.end_use
    if use is None:
        return _missing("end_use", what="EXIM's military policy")
    if use in rule.param("refused_end_uses", x.day):
        return Outcome(
            "fail",
            "EXIM may not finance defense articles or services; a military end use is not eligible.",
            "military_end_use",
            cite="fail",
        )
    if use in rule.param("referred_end_uses", x.day):
        return Outcome(
            "refer",
            "A dual-use item needs EXIM's own determination that it is non-lethal and mainly "
            "for civilian use; a person at EXIM must review it.",
            "dual_use_review",
            cite="refer",
        )
    return Outcome("pass", "The end use is civil.")


def _controlled(rule: Rule, eccn: str, day: date) -> bool:
    prefixes = rule.param("controlled_eccn_prefixes", day)
    return eccn.upper().startswith(tuple(p.upper() for p in prefixes)) or eccn.lower().endswith(
        rule.param("controlled_eccn_suffix", day)
    )


def ai_export_licence(rule: Rule, x: Inputs) -> Outcome:
    f, day = x.facts, x.day
    if f.eccn is None:
        if f.item in rule.param("items_needing_eccn", day):
            return _missing("eccn", what="whether a BIS licence is needed")
        if f.item is None:
            return _missing("item", what="whether a BIS licence is needed")
        return Outcome("not_applicable", "The item is not an advanced computing item (3A090, 4A090 or .z).")
    if not _controlled(rule, f.eccn, day):
        return Outcome("not_applicable", f"ECCN {f.eccn} is not covered by the advanced computing licence rules.")
    if f.buyer_country is None:
        return _missing("buyer_country", what="whether a BIS licence is needed")
    destination = x.countries.get(f.buyer_country)
    hq = x.countries.get(f.hq_country) if f.hq_country else destination
    by_destination = destination.code in rule.param("named_destinations", day) or (
        any(destination.in_group(g) for g in rule.param("licence_groups", day))
        and not any(destination.in_group(g) for g in rule.param("carve_out_groups", day))
    )
    by_headquarters = hq.code in rule.param("headquarters_named", day) or any(
        hq.in_group(g) for g in rule.param("headquarters_groups", day)
    )
    if not (by_destination or by_headquarters):
        return Outcome(
            "pass",
            f"No BIS licence is required for {f.eccn} to {destination.name} by destination or "
            "headquarters; end-use and end-user rules still apply.",
        )
    why = f"to {destination.name}" if by_destination else f"because the buyer's headquarters or parent is in {hq.name}"
    cite = "default" if by_destination else "headquarters"
    status = f.license_status
    if status is None:
        return Outcome(
            "missing",
            f"A BIS licence is required for {f.eccn} {why}; its status is needed.",
            missing=("license_status",),
            cite=cite,
        )
    if status == "approved":
        return Outcome("pass", f"A BIS licence is required for {f.eccn} {why}, and it has been approved.", cite=cite)
    if status == "denied":
        return Outcome(
            "fail",
            f"A BIS licence is required for {f.eccn} {why}, and it was denied.",
            "license_denied",
            cite=cite,
        )
    if status == "not_required":
        return Outcome(
            "refer",
            f"You said no licence is needed, but the rules require a BIS licence for {f.eccn} "
            f"{why}; a person should check the classification and destination.",
            "license_likely_required",
            cite=cite,
        )
    return Outcome(
        "refer",
        f"A BIS licence is required for {f.eccn} {why} and is not yet approved; under ExportAI, "
        "Commerce must approve it before EXIM financing can be signed.",
        "license_required_before_financing",
        cite="refer",
    )


def term_class(rule: Rule, x: Inputs) -> Outcome:
    months, value, day = x.facts.repayment_months, x.facts.contract_value_usd, x.day
    if months is None:
        return _missing("repayment_months", what="the term (short, medium or long)")
    if months <= rule.param("short_term_max_months", day):
        return Outcome("pass", f"A repayment term of {months:g} months is short term.", data={"term": "short_term"})
    if months > rule.param("medium_term_max_months", day):
        return Outcome("pass", f"A repayment term of {months:g} months is long term.", data={"term": "long_term"})
    if value is None:
        return _missing("contract_value_usd", what="whether the deal is medium or long term")
    limit = rule.param("medium_term_max_contract_value_usd", day)
    if value <= limit:
        return Outcome(
            "pass",
            f"{months:g} months and a contract of {_money(value)} make a medium-term deal.",
            data={"term": "medium_term"},
        )
    return Outcome("pass", f"A contract above {_money(limit)} is long term.", data={"term": "long_term"})


def mlt_cash_payment(rule: Rule, x: Inputs) -> Outcome:
    if x.term is None:
        return _missing(*x.term_missing, what="whether a cash payment is required")
    if x.term == "short_term":
        return Outcome("not_applicable", "No minimum cash payment applies to short-term support.")
    minimum = rule.param("min_cash_payment_pct", x.day)
    cash = x.facts.cash_payment_pct
    if cash is None:
        return _missing("cash_payment_pct", what=f"the {minimum:g}% minimum cash payment")
    if cash < minimum:
        return Outcome(
            "fail",
            f"The buyer's cash payment of {cash:g}% is below the {minimum:g}% minimum for medium- and long-term deals.",
            "cash_payment_below_minimum",
        )
    return Outcome("pass", f"The cash payment of {cash:g}% meets the {minimum:g}% minimum.")


def us_content(rule: Rule, x: Inputs) -> Outcome:
    f, day = x.facts, x.day
    content = f.us_content_pct
    if content is None:
        return _missing("us_content_pct", what="the U.S. content and the supported amount")
    if content == 0:
        return Outcome("fail", "With no U.S. content, EXIM can support nothing.", "no_us_content", cite="zero")
    missing = (*x.term_missing, *(("contract_value_usd",) if f.contract_value_usd is None else ()))
    if x.term is None or f.contract_value_usd is None:
        return _missing(*dict.fromkeys(missing), what="the supported amount")
    value = f.contract_value_usd
    if x.term == "short_term":
        above = rule.param("short_term_full_value_above_pct", day)
        if content > above:
            return Outcome(
                "pass",
                f"With {content:g}% U.S. content (above {above:g}%), the whole contract value "
                f"of {_money(value)} can be supported.",
                cite="short_term",
                data={"amount": value},
            )
        if f.small_business is False:
            # EXIM's separate short-term rule for exporters that are not small businesses could not be
            # confirmed, and older EXIM texts made such items ineligible rather than covering the U.S. share.
            return Outcome(
                "refer",
                f"With {content:g}% U.S. content ({above:g}% or less), EXIM's short-term rule for exporters "
                "that are not small businesses decides what can be supported, and its current terms could not "
                "be confirmed; a person at EXIM must review the amount.",
                "short_term_content_not_small_business",
                cite="short_term_not_small",
            )
        amount = round(value * content / 100, 2)
        return Outcome(
            "pass",
            f"With {content:g}% U.S. content ({above:g}% or less), only the U.S. share, "
            f"{_money(amount)}, can be supported.",
            cite="short_term",
            data={"amount": amount},
        )
    cap = rule.param("mlt_max_support_pct", day)
    threshold = rule.param("transformational_min_content_pct", day)
    if threshold <= content < cap:
        if f.item is None:
            return _missing("item", what="whether the transformational-exports content rule applies")
        if f.item in rule.param("transformational_items", day):
            amount = round(value * cap / 100, 2)
            return Outcome(
                "pass",
                f"In a transformational sector with {content:g}% U.S. content (at least "
                f"{threshold:g}%), EXIM can support {cap:g}% of the contract: {_money(amount)}.",
                cite="transformational",
                data={"amount": amount},
            )
    amount = round(value * min(cap, content) / 100, 2)
    return Outcome(
        "pass",
        f"EXIM supports the lesser of {cap:g}% of the contract and the U.S. content ({content:g}%): {_money(amount)}.",
        data={"amount": amount},
    )
