"""Ingest speed against the bare spaCy model on the same texts.

Prints, for a folder of articles (default: seeds/ or the shared dev set):
  - the bare model's time: ``nlp.pipe`` over the article texts, all components enabled;
  - kg's extraction time on top (entities, statements, events);
  - the mapping + store time (quads, one transaction per article, on-disk Oxigraph);
  - the overhead of a full ingest relative to the bare model (the target is <= 15 %);
  - ``kg.pipeline.ingest`` end to end (reading, extraction, writes overlapped with parsing by
    the writer thread), the figure a user sees.

    python benchmarks/bench_ingest.py [FOLDER] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.articles import iter_articles
from kg.extract import extract_doc
from kg.gazetteer import default_gazetteer
from kg.iris import IriMinter
from kg.mapping import to_quads
from kg.models import Article
from kg.nlp import load_model
from kg.pipeline import ingest
from kg.store import KgStore

ROOT = Path(__file__).resolve().parent.parent


def default_folder() -> Path:
    seeds = ROOT / "seeds"
    if any(seeds.glob("*.txt")):
        return seeds
    return ROOT.parent / "shared" / "eval" / "dev" / "articles"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folder = args.folder or default_folder()
    articles = [a for a in iter_articles([folder]) if isinstance(a, Article)]
    if not articles:
        print(f"no articles in {folder}", file=sys.stderr)
        return 1
    nlp = load_model()
    gazetteer = default_gazetteer()
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)
    list(nlp.pipe(texts[:2]))  # warm up
    extract_doc(nlp(texts[0]), articles[0], gazetteer)

    bare, extraction, storing, pipeline = [], [], [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=16))
        t1 = time.perf_counter()
        results = [extract_doc(d, a, gazetteer) for d, a in zip(docs, articles, strict=True)]
        t2 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            store, minter = KgStore.open(Path(tmp) / "store"), IriMinter()
            t3 = time.perf_counter()
            for x in results:
                store.replace_graph(minter.article(x.article.source), to_quads(x, minter))
            store.flush()
            t4 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            store = KgStore.open(Path(tmp) / "store")
            t5 = time.perf_counter()
            ingest([folder], store)
            pipeline.append(time.perf_counter() - t5)
        bare.append(t1 - t0)
        extraction.append(t2 - t1)
        storing.append(t4 - t3)

    b, e, s, p = (statistics.median(v) for v in (bare, extraction, storing, pipeline))
    print(f"articles            {len(articles)} ({chars} characters) from {folder}")
    print(f"bare spaCy model    {b:8.3f} s   ({chars / b:,.0f} chars/s)")
    print(f"kg extraction       {e:8.3f} s   (+{100 * e / b:.1f} % of the model's time)")
    print(f"mapping + store     {s:8.3f} s   (+{100 * s / b:.1f} %)")
    print(f"full ingest         {b + e + s:8.3f} s   overhead {100 * (e + s) / b:.1f} % "
          "(target <= 15 %)")
    print(f"kg.pipeline.ingest  {p:8.3f} s   overhead {100 * (p - b) / b:.1f} % "
          "(reading files, writes overlapped with parsing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
