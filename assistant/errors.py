"""The library's one exception hierarchy. HTTP status codes are assigned only in `api/`."""

from __future__ import annotations

from pathlib import Path


class AssistantError(Exception):
    """Base of every error the library raises on purpose."""


class InvalidInput(AssistantError):
    """The caller sent something the library cannot accept; the message says what."""


class CorpusError(AssistantError):
    """A knowledge file cannot be loaded; the message names the file."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class IndexNotReady(AssistantError):
    """No complete index is available to answer from."""


class IndexBuildError(AssistantError):
    """A build could not finish; the index that was serving stays in place."""


class DependencyUnavailable(AssistantError):
    """A service the assistant needs (database, Chroma, disk) failed or timed out; retrying later may work."""

    def __init__(self, dependency: str, reason: str) -> None:
        self.dependency = dependency
        self.reason = reason
        super().__init__(f"the {dependency} is unavailable: {reason}")


class ConversationBusy(AssistantError):
    """Another turn of the same conversation is still being answered."""
