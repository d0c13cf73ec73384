"""The pure core: the model, durations, settings, the engine and agenda assembly.

No I/O, no clock, no environment: `today` is always a parameter. Nothing here imports
anything outside `core/`.
"""
