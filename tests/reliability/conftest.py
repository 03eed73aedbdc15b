"""Fixtures for the fault, load and abuse tests (helpers are in harness.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from harness import ChromaServer


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"))
    server.start()
    yield server
    server.stop()
