"""CPU time of each stage of one document's analysis, over a folder (a script).

    .venv/bin/python bench/stage_times.py FOLDER [--runs 3]
    # the code before a change, from a copy (git archive BASE | tar -x -C /tmp/base):
    cd /tmp && PYTHONPATH=/tmp/base /path/to/.venv/bin/python /path/to/bench/stage_times.py FOLDER

Reads every file of FOLDER once, then times, in this process, with `time.process_time` (a
machine shared with other work moves wall time more than CPU time): `analyse` (the spaCy
pipeline), `extract` (every extractor's `extract`, and `facts` where it has one) and `profile`
(the linking profile, `pipeline._with_profile`). The warm-up (pipeline built, extractors loaded,
a first document through every stage) is not counted. Prints the median of
`--runs` passes per stage. Compare two versions by running both turn by turn.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    from evidence.pipeline import _with_profile, document_info
    from evidence.readers import read_file
    from evidence.registry import load_extractors
    from evidence.text.pipeline import analyse, get_nlp

    get_nlp()
    extractors = load_extractors()
    documents = [d for p in sorted(args.folder.iterdir()) if p.is_file() for d in read_file(p, p.name)]
    times = defaultdict(list)
    for run in range(args.runs + 1):  # run 0 (its first document) warms up: the vocabulary is compiled on first use
        spent = defaultdict(float)
        for document in documents[:1] if run == 0 else documents:
            start = time.process_time()
            analysis = analyse(document.text)
            spent["analyse"] += time.process_time() - start
            start = time.process_time()
            figures = []
            for extractor in extractors:
                figures += extractor.extract(document, analysis)
                if hasattr(extractor, "facts"):
                    extractor.facts(document, analysis)
            spent["extract"] += time.process_time() - start
            start = time.process_time()
            _with_profile(document_info(document), figures)
            spent["profile"] += time.process_time() - start
        for stage, seconds in spent.items():
            if run:
                times[stage].append(seconds)
    medians = {stage: statistics.median(values) for stage, values in times.items()}
    print(f"{len(documents)} documents, CPU s, median of {args.runs}: "
          + " ".join(f"{stage}={seconds:.2f}" for stage, seconds in medians.items())
          + f" total={sum(medians.values()):.2f}")


if __name__ == "__main__":
    main()
