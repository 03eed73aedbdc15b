"""DealFacts (ARCHITECTURE §7): every field optional; impossible values are refused, each named."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

Item = Literal[
    "ai_chips",
    "ai_servers",
    "networking",
    "data_center_equipment",
    "ai_software",
    "cloud_services",
    "other_goods",
    "services",
]
AI_ITEMS: frozenset[str] = frozenset(
    {"ai_chips", "ai_servers", "networking", "data_center_equipment", "ai_software", "cloud_services"}
)
ECCN_PATTERN = re.compile(r"^(EAR99|\d[A-E]\d{3}(\.[A-Za-z0-9]+)*)$")
FIELD_ORDER = (
    "exporter_country",
    "small_business",
    "buyer_country",
    "buyer_hq_country",
    "buyer_sector",
    "item",
    "eccn",
    "end_use",
    "restricted_party",
    "license_status",
    "contract_value_usd",
    "us_content_pct",
    "cash_payment_pct",
    "repayment_months",
)


class DealFacts(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "exporter_country": "US",
                    "buyer_country": "VN",
                    "item": "ai_servers",
                    "eccn": "4A090.a",
                    "end_use": "civil",
                    "restricted_party": False,
                    "license_status": "pending",
                    "contract_value_usd": 2000000,
                    "us_content_pct": 70,
                    "cash_payment_pct": 15,
                    "repayment_months": 60,
                }
            ]
        },
    )

    exporter_country: str | None = Field(None, description="ISO 3166-1 alpha-2 code of the exporter's seat.")
    small_business: bool | None = None
    buyer_country: str | None = Field(None, description="Alpha-2 code where the buyer (obligor) is.")
    buyer_hq_country: str | None = Field(
        None,
        description="Alpha-2 code of the buyer's ultimate parent's headquarters (default: buyer_country).",
    )
    buyer_sector: Literal["private", "public"] | None = None
    item: Item | None = None
    eccn: str | None = Field(None, description="e.g. 3A090.a, 4A090.a, 5A992.z, EAR99")
    end_use: Literal["civil", "military", "dual_use"] | None = None
    restricted_party: bool | None = Field(None, description="Buyer or end user on the Entity List, SDN or MEU list.")
    license_status: Literal["not_required", "approved", "pending", "denied", "not_applied"] | None = None
    contract_value_usd: float | None = Field(None, gt=0)
    us_content_pct: float | None = Field(None, ge=0, le=100)
    cash_payment_pct: float | None = Field(None, ge=0, le=100)
    repayment_months: float | None = Field(None, ge=0)

    @field_validator("exporter_country", "buyer_country", "buyer_hq_country")
    @classmethod
    def _country_code(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        valid = (info.context or {}).get("country_codes")
        if not re.fullmatch(r"[A-Z]{2}(-\d{2})?", code) or (valid is not None and code not in valid):
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        return code

    @field_validator("eccn")
    @classmethod
    def _eccn(cls, value: str | None) -> str | None:
        if value is None:
            return None
        eccn = value.strip()
        eccn = eccn[:1] + eccn[1:2].upper() + eccn[2:] if len(eccn) > 1 else eccn
        if eccn.upper() == "EAR99":
            return "EAR99"
        if not ECCN_PATTERN.match(eccn):
            raise ValueError(f"{value!r} is not an ECCN (e.g. 3A090.a, 4A090.a, 5A992.z) or EAR99")
        return eccn

    @property
    def hq_country(self) -> str | None:
        return self.buyer_hq_country or self.buyer_country

    def given(self) -> dict[str, object]:
        return {k: v for k, v in self.model_dump().items() if v is not None}
