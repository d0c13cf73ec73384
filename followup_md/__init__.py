"""followup-md: follow-ups computed from a folder of Markdown contact notes."""

__version__ = "0.1.0"
