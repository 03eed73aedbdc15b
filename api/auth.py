"""Staff authentication: `Authorization: Bearer <token>`, checked against hashed tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep


async def staff_member(request: Request, services: ServicesDep) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    name = (
        await run_in_threadpool(services.staff.staff_name, token.strip())
        if scheme.lower() == "bearer" and token.strip()
        else None
    )
    if name is None:
        raise HTTPException(
            status_code=401, detail="A valid staff token is required.", headers={"WWW-Authenticate": "Bearer"}
        )
    return name


StaffDep = Annotated[str, Depends(staff_member)]
