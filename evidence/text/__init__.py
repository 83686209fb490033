"""The text layer: sentences and numbers found by spaCy components on `spacy.blank("en")`."""
