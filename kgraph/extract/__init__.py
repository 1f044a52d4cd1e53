"""Extraction: spaCy pipeline construction, entities, visits and themes (the only place that imports spaCy)."""
