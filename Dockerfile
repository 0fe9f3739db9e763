# report-bot: a slim image that runs the bot in polling mode as a non-root user.
# The token is never baked in: pass it at run time (docker run --env-file .env ...).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY retrieval ./retrieval
COPY bot ./bot
RUN pip install '.[semantic]'
COPY seeds ./seeds

RUN useradd --create-home --uid 10001 reportbot && mkdir -p /app/.cache /app/data \
    && chown reportbot /app/.cache /app/data
USER reportbot

# Validates settings, token shape and report offline; it does not call Telegram.
HEALTHCHECK --interval=5m --timeout=30s --start-period=30s CMD ["report-bot", "check"]

CMD ["report-bot", "run"]
