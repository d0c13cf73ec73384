"""Use cases, one module per topic, shared by every front end (the CLI, the watcher).

Each takes the vault and, where dates matter, `today` from its caller: the front ends
read the clock, nothing below them does.
"""
