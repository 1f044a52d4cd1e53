"""Package data: entity patterns, alias table, topic lexicon."""
