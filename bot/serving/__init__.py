"""The running bot: the Application, polling and webhook, heartbeat, reloads and delivery."""
