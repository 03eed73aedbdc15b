"""Reference data for the chat page: country names for the facts form, and what the assistant can do."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import ServicesDep
from api.responses import errors

router = APIRouter(prefix="/api", tags=["reference"])


class CountryEntry(BaseModel):
    code: str
    name: str
    aliases: list[str]


class CountryList(BaseModel):
    countries: list[CountryEntry]


class ContactEntry(BaseModel):
    name: str
    purpose: str
    url: str
    phone: str | None = None


class AboutResponse(BaseModel):
    knowledge_as_of: date | None
    knowledge_checked: date | None
    documents: int
    retention_days: int
    can: str
    cannot: list[str]
    kept: str
    contacts: list[ContactEntry]


class FactQuestions(BaseModel):
    questions: dict[str, str]


@router.get("/countries", response_model=CountryList)
async def countries(services: ServicesDep) -> CountryList:
    """Every ISO 3166 country with its name and common other names (for the facts form's autocomplete)."""
    rows = services.eligibility.countries.directory()
    return CountryList(countries=[CountryEntry.model_validate(row) for row in rows])


@router.get("/about", response_model=AboutResponse, responses=errors(503))
async def about(services: ServicesDep) -> AboutResponse:
    """What the assistant can and cannot do, how current its knowledge is, and how to reach EXIM and BIS.
    503 `index_not_ready` when no index is built (the knowledge dates are read from it)."""
    return AboutResponse.model_validate(services.about.describe())


@router.get("/fact-questions", response_model=FactQuestions)
async def fact_questions(services: ServicesDep) -> FactQuestions:
    """The question the assistant asks for each DealFacts field (config/intake.yaml), so a page can show
    what is still needed as questions rather than field names."""
    return FactQuestions(questions=dict(services.intake_config.questions))
