"""Staff authentication: `Authorization: Bearer <token>`, checked against hashed tokens.

Declared through FastAPI's HTTPBearer, so the OpenAPI document names the scheme on every staff route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep

_bearer = HTTPBearer(auto_error=False, description="A staff token from `python -m assistant staff create-token`.")


async def _name(services: ServicesDep, credentials: HTTPAuthorizationCredentials | None) -> str | None:
    token = credentials.credentials.strip() if credentials is not None else ""
    # A token is 43 URL-safe characters; anything far longer or with odd characters cannot match one.
    return await run_in_threadpool(services.staff.staff_name, token) if 0 < len(token) <= 256 else None


async def staff_member(
    services: ServicesDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str:
    name = await _name(services, credentials)
    if name is None:
        raise HTTPException(
            status_code=401, detail="A valid staff token is required.", headers={"WWW-Authenticate": "Bearer"}
        )
    return name


StaffDep = Annotated[str, Depends(staff_member)]


async def staff_or_none(
    services: ServicesDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> str | None:
    """Routes a conversation's owner may use too: staff are recognised, anyone else is not refused here."""
    return await _name(services, credentials)


MaybeStaffDep = Annotated[str | None, Depends(staff_or_none)]
