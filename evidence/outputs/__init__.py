"""What each user takes home, drawn from one evidence table and its study table.

    from evidence.outputs.takeaways import compare_table, summarize_table, report_table
    compare_table("outputs/evidence.csv", "comparison.md")   # guideline writers: studies side by side
    summarize_table("outputs/evidence.csv", "summary.md")    # patients and advocates: plain language
    report_table("outputs/evidence.csv", "report.html")      # reviewers: one self-contained page
    from evidence.outputs.run import run_all
    run_all(["papers/"], "outputs/")                         # everything, articles to report

Modules, one concept each:

- `studybook`: the linked table, studies and linking's verdicts (the only module that calls
  `evidence.studies`);
- `cells`: a figure as a table cell, with its source (document, page, offsets, sentence);
- `compare`, `compare_files`: studies side by side, and the CSV / XLSX / Markdown files;
- `pooled`: CR and ORR by target relation, severe toxicity overall (`evidence.meta`), each pooled
  row with its evidence row ids; `leftout`: why an analysis left a study out;
- `summary`: the plain-language summary, every number a traceable `Claim`;
- `grade`: the draft GRADE summary of findings; `methods`: PRISMA 2020 items 9, 10b, 13a, 13d;
  `accuracy`: the measured extraction accuracy item 9 reports; `audit`: date, command, version
  and input hashes;
- `report`, `html_parts`, `templates/`: the HTML report;
- `takeaways`: the functions the commands call; `run`: the whole pipeline.

The library never prints or exits; it raises `evidence.errors` and returns records.
"""
