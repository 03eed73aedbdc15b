"""Reading YAML data: PyYAML's safe loader, on libyaml (C) when PyYAML was built with it.

The C loader gives the same objects as the pure-Python one on every YAML file and front matter of this
repository and is about seven times faster; the corpus front matter and the rule files are read on every
start and index build, and in many tests (ADR 0084).
"""

from __future__ import annotations

from typing import Any

import yaml

_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """`yaml.safe_load`, faster: only plain data (no Python objects) is constructed."""
    return yaml.load(text, Loader=_SAFE_LOADER)
