# strategibot: `docker run IMAGE` serves Slack; `docker run IMAGE index` (or check, status, ask …)
# runs any other command. Content and index can be mounted as volumes (see README, Docker).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STRATEGIBOT_CONTENT=/app/content \
    STRATEGIBOT_INDEX=/app/index \
    STRATEGIBOT_DATA=/app/data

WORKDIR /app
COPY constraints.txt pyproject.toml README.md ./
COPY bot ./bot
RUN pip install --constraint constraints.txt .
COPY content ./content

# A numeric user (group 0, as OpenShift-style platforms run images), owning only what it writes.
RUN mkdir -p /app/index /app/data \
    && strategibot index \
    && chown -R 10001:0 /app/index /app/data \
    && chmod -R g=u /app/index /app/data
USER 10001:0

VOLUME ["/app/index", "/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status == 200 else 1)"]
ENTRYPOINT ["strategibot"]
CMD ["serve", "--port", "3000"]
