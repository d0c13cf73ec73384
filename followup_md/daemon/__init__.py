"""The long-running front end: `followup watch` and the service units that start it.

The only sub-package that imports watchdog.
"""
