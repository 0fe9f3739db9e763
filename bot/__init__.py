"""The Telegram side of report-bot, and its command line. Depends on ``retrieval``."""
