"""Vocabularies as data: how authors name outcomes, populations, infusions and targets.

Each module exports UPPER_CASE tuples of `(label, regex)` terms; `extractors.mentions` compiles
them. Regexes are case-insensitive except inside "(?-i:...)" groups. Beside each module,
tests/test_vocabulary.py holds texts that must and must not match.
"""
