"""The text layer: sentences and numbers found by spaCy components on `spacy.blank("en")`.

Entry points: `pipeline.analyse(text) -> Analysis` (sentences and `Quantity` records with
character offsets), `pipeline.analyse_many(texts)`, `pipeline.get_nlp()`, and
`numbers.find_quantities(text)`.

How it is built, one concept per module:

- `chars`: same-length character normalisation (Unicode spaces, dashes, mid-dot decimals)
- `tokenizer`: spaCy's English tokenizer plus the splits number phrases need
- `words`, `numerals`: numbers in words and digits; the `evidence_numerals` component
- `extensions`: every custom spaCy attribute, declared once
- `sentences`: the `evidence_sentences` component
- `patterns/`: Matcher patterns as data, one module per kind of phrase, with their tables
- `parts`, `readings`: from a matched span to `Quantity` records
- `numbers`: the `evidence_quantities` component (match, choose, read, qualify)
- `quantity`: the `Quantity` record and its kinds
"""
