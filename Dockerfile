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

# Alive means serving: the polling loop touches .cache/report-bot/heartbeat each time Telegram
# answers (at least every 10 s); `report-bot health` fails when it is older than 60 s
# (HEALTH_MAX_AGE_SECONDS), e.g. while the token is revoked or the Bot API is unreachable.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s CMD ["report-bot", "health"]

CMD ["report-bot", "run"]
