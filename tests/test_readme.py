"""The README's library example runs as written (on the sample articles instead of seeds/)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "articles"

pytestmark = pytest.mark.model


def _library_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Library", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, "README's Library section has no python example"
    return match.group(1)


def test_library_example_runs(tmp_path, monkeypatch, capsys):
    code = _library_example().replace('"seeds/"', repr(str(FIXTURES)))
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "'read': 3" in out and "'failed': 0" in out
    assert "India is a reliable partner" in out
    assert (tmp_path / "kg.ttl").stat().st_size > 0
