"""The app as uvicorn's worker processes build it (`api.main:app`, a factory): settings from the
environment, one Services per process. `python -m assistant serve` uses it when WORKERS > 1."""

from __future__ import annotations

import os

from fastapi import FastAPI

from api.app import create_app
from assistant.settings import Settings
from assistant.wiring import Services


def app() -> FastAPI:
    settings = Settings()
    share_cores(settings.serving.workers)
    return create_app(Services(settings))


def share_cores(workers: int) -> None:
    """Each process gets its share of the cores for the model, so N workers do not run N x cores threads."""
    import torch

    torch.set_num_threads(max(1, (os.cpu_count() or 1) // workers))
