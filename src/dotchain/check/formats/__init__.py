"""Reports of findings: one module per format, each a `render(report) -> str`; this registry feeds
the command line's `--format` choices."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import cast

from dotchain.check.report import Report

FORMATS: Mapping[str, str] = MappingProxyType(
    {
        "text": "text",
        "json": "document",
        "github": "github",
        "sarif": "sarif",
        "junit": "junit",
        "gitlab": "gitlab",
    }
)
"""Each format's module here, imported only when that format is written: a text report has no need
of the XML, URL and hashing modules that SARIF, JUnit and GitLab's reports import."""


def renderer(name: str) -> Callable[[Report], str]:
    """The `render` function of a format in `FORMATS`."""
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    return cast(Callable[[Report], str], module.render)
