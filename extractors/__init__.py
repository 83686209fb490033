"""Figure extractors for CAR-T retreatment articles, registered with `evidence.registry`."""

from extractors import outcomes  # noqa: F401  (registers the outcome extractor)
