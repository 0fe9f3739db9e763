"""The ``report-bot`` command line: its commands, terminal output and exit statuses."""
