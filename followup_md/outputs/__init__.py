"""Presenting results: the agenda note (Markdown), terminal text, JSON."""
