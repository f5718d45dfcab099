"""Reports of findings: one module per format, each a `render(report) -> str`; this registry feeds
the command line's `--format` choices."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

from dotchain.check.formats import document, github, gitlab, junit, sarif, text
from dotchain.check.report import Report

FORMATS: MappingProxyType[str, Callable[[Report], str]] = MappingProxyType(
    {
        "text": text.render,
        "json": document.render,
        "github": github.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "gitlab": gitlab.render,
    }
)
