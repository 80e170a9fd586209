# The portal's image: gunicorn serving config.wsgi, or (same image, another command) the task
# worker. compose.yaml runs both behind Caddy, with PostgreSQL and Redis.
#
# Stage 1 installs the dependencies into a virtual environment and collects the static files
# (hashed, compressed names that whitenoise serves); stage 2 copies only those into a slim image
# that runs as an unprivileged user, without pip's cache or build tools.

FROM python:3.13-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# Dependencies first: a change of the code alone reuses this layer.
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
# Settings need a mailer and a database to load; these serve the build only, never a portal.
RUN DEBUG=false EMAIL_MAILER=console \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    python manage.py collectstatic --no-input

FROM python:3.13-slim AS runtime
# pg_dump and pg_restore for `manage.py backup` and `restore` (the server's version or newer).
RUN apt-get update \
    && apt-get install --yes --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system monitor \
    && useradd --system --gid monitor --home-dir /app --no-create-home monitor
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
# The code stays root's and read-only to the portal; it writes only under var/ (backups).
RUN mkdir -p /app/var/backups && chown -R monitor:monitor /app/var
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
USER monitor
EXPOSE 8000
# The web process's own parts: the database and the cache, through its /healthz. The worker's
# heartbeat is the worker container's check (compose.yaml), so that a stopped worker does not
# mark every web node unhealthy.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "scripts/healthcheck.py", "database", "cache"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
