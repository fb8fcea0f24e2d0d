FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STRATEGIBOT_CONTENT=/app/content \
    STRATEGIBOT_INDEX=/app/index \
    STRATEGIBOT_DATA=/app/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home /app strategibot \
    && strategibot index \
    && mkdir -p /app/data \
    && chown -R strategibot /app/index /app/data

USER strategibot
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status == 200 else 1)"
CMD ["strategibot", "serve", "--port", "3000"]
