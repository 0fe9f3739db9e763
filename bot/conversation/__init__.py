"""The Telegram conversation: handlers, replies, keyboards and the state they share."""
