"""Topics: the lexicon (:mod:`.lexicon`), :class:`~.themes.ThemeExtractor` (:mod:`.themes`), named events, issues
and country pairs (:mod:`.named_themes`), keyphrases (:mod:`.keyphrases`), site events and visit kinds
(:mod:`.site_events`) and theme links (:mod:`.theme_links`). See ``docs/topics.md``."""
