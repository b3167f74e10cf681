# feature-coordinator webhook service.
# One gunicorn process (the work queue and SQLite live in it), several threads for intake. Scaled out
# (docker-compose.yml) the same image runs the web tier (2 gunicorn processes), `coordinator worker` and `db upgrade`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    COORDINATOR_DATABASE_URL=sqlite:////data/coordinator.sqlite3

RUN useradd --create-home --uid 10001 coordinator \
    && mkdir /data && chown coordinator /data

WORKDIR /app
COPY pyproject.toml README.md app.yml ./
COPY bot ./bot
RUN pip install '.[serve]'

USER coordinator
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"

CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "1", "--threads", "8", "--timeout", "30", "bot.wsgi:create()"]
