"""Allow ``python -m followup_md``."""

from followup_md.cli import main

if __name__ == "__main__":
    main()
