"""Settings of the Slack app, from the environment only."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import feedback
from ..errors import SettingsError

_WHERE = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-…) under OAuth & Permissions of your Slack app",
    "SLACK_SIGNING_SECRET": "the Signing Secret under Basic Information of your Slack app",
    "SLACK_APP_TOKEN": "an App-Level Token (xapp-…) with connections:write under Basic Information",
}

DEFAULT_API_URL = "https://slack.com/api/"


@dataclass(frozen=True)
class Settings:
    """Everything the Slack app needs to know; secrets are never printed (repr hides them)."""

    bot_token: str = field(repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    api_url: str = DEFAULT_API_URL
    workers: int = 8
    queue: int = 200
    http_timeout: float = 10.0
    log_text: bool = False
    feedback_log: Path = feedback.default_path({})
    pseudonym_key: str = field(default="", repr=False)
    admins: tuple[str, ...] = ()
    admin_channel: str | None = None

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        """Read the settings; SettingsError names a missing variable and where to get it."""
        env = dict(os.environ if env is None else env)

        def need(name: str) -> str:
            value = env.get(name, "").strip()
            if not value:
                raise SettingsError(f"{name} is not set: set it to {_WHERE[name]}")
            return value

        bot_token = need("SLACK_BOT_TOKEN")
        app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
        signing_secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
        if app_token is None:
            signing_secret = need("SLACK_SIGNING_SECRET")
        api_url = env.get("STRATEGIBOT_SLACK_API_URL", "").strip() or DEFAULT_API_URL
        if not api_url.endswith("/"):
            api_url += "/"
        try:
            workers = int(env.get("STRATEGIBOT_WORKERS", "8"))
            queue = int(env.get("STRATEGIBOT_QUEUE", "200"))
            timeout = float(env.get("STRATEGIBOT_HTTP_TIMEOUT", "10"))
        except ValueError as exc:
            raise SettingsError(f"STRATEGIBOT_WORKERS / STRATEGIBOT_QUEUE / STRATEGIBOT_HTTP_TIMEOUT must be numbers "
                                f"({exc})") from exc
        if not 1 <= workers <= 256:
            raise SettingsError("STRATEGIBOT_WORKERS must be between 1 and 256")
        if not 1 <= queue <= 100_000:
            raise SettingsError("STRATEGIBOT_QUEUE must be between 1 and 100000")
        key = env.get("STRATEGIBOT_PSEUDONYM_KEY", "").strip() or (signing_secret or app_token or bot_token)
        admins = tuple(a.strip() for a in env.get("STRATEGIBOT_ADMINS", "").split(",") if a.strip())
        return cls(bot_token, signing_secret, app_token, api_url, workers, queue, timeout,
                   env.get("STRATEGIBOT_LOG_TEXT", "") == "1", feedback.default_path(env), key, admins,
                   env.get("STRATEGIBOT_ADMIN_CHANNEL", "").strip() or None)
