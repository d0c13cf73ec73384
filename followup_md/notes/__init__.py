"""One note file: reading it into the model, writing it back changed only where asked.

The only sub-package that imports yaml.
"""
