"""The web pages: static files, no build step."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(include_in_schema=False)


@router.get("/")
async def chat_page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/staff")
async def staff_page() -> FileResponse:
    return FileResponse(STATIC / "staff.html", media_type="text/html")


@router.get("/docs")
async def api_docs() -> FileResponse:
    """Swagger UI, served from the installed swagger-ui-bundle package (mounted at /docs/assets)."""
    return FileResponse(STATIC / "docs.html", media_type="text/html")
