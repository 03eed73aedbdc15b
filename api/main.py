"""The app as uvicorn's worker processes build it (`api.main:app`, a factory): settings from the
environment, one Services per process. `python -m assistant serve` uses it when WORKERS > 1."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from assistant.settings import Settings
from assistant.wiring import Services


def app() -> FastAPI:
    settings = Settings()
    one_model_thread()
    return create_app(Services(settings))


def one_model_thread() -> None:
    """One intra-op thread for the model in each serving process.

    Requests already run in parallel threads (and workers in parallel processes); letting each query
    embedding also spread over every core makes torch's threads spin against each other. Measured on
    two busy cores: 24 ms of CPU per query embedding with one thread, 254 ms with two, for the same
    vector. The output does not depend on the thread count.
    """
    import torch

    torch.set_num_threads(1)
