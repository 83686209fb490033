"""evidence: turn clinical articles into a structured, traceable evidence table."""

__version__ = "0.1.0"
