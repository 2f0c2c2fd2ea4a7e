"""Validation against the SHACL shapes, as the tests read its report."""

from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Namespace

SH = Namespace("http://www.w3.org/ns/shacl#")


def violations(data: Graph, shapes: Graph) -> tuple[bool, set[tuple[str, str]], str]:
    """Whether ``data`` conforms, the (focus node, path) of each violation, and the report text."""
    pyshacl = pytest.importorskip("pyshacl")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    found = {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)))
             for r in report.subjects(RDF.type, SH.ValidationResult)}
    return conforms, found, text
