"""Where votes, uncovered questions and fair-use counts are kept: SQLite, PostgreSQL, Redis."""
