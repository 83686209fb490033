"""HTML, CSS and JavaScript of the report (package data, read with importlib.resources)."""
