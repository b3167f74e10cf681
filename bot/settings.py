"""Settings read from the environment once, at start-up, and validated there.

A missing or invalid setting stops start-up with one line naming it (see `load_settings`).
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.github_limits import WRITES_PER_HOUR

DEFAULT_MODEL = "claude-sonnet-5-5"  # the current Sonnet (Anthropic's models overview)


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it in one line."""


class Settings(BaseSettings):
    """Every knob of the service. Environment variable names are given by `validation_alias`."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    webhook_secret: SecretStr | None = Field(default=None, validation_alias="GITHUB_WEBHOOK_SECRET")
    github_token: SecretStr | None = Field(default=None, validation_alias="GITHUB_TOKEN")
    github_app_id: str | None = Field(default=None, validation_alias="GITHUB_APP_ID")  # App id or client id
    github_app_private_key: SecretStr | None = Field(default=None, validation_alias="GITHUB_APP_PRIVATE_KEY")
    github_api_url: str = Field(default="https://api.github.com", validation_alias="GITHUB_API_URL")
    database_url: str = Field(default="sqlite:///coordinator.sqlite3", validation_alias="COORDINATOR_DATABASE_URL")
    queue_url: str | None = Field(default=None, validation_alias="COORDINATOR_QUEUE_URL")
    queue_namespace: str = Field(default="coordinator", pattern=r"^[A-Za-z0-9_.-]{1,64}$",
                                 validation_alias="COORDINATOR_QUEUE_NAMESPACE")
    queue_dead_after: float = Field(default=60.0, gt=0, validation_alias="COORDINATOR_QUEUE_DEAD_AFTER")
    recover_after: float = Field(default=60.0, gt=0, validation_alias="COORDINATOR_RECOVER_AFTER")
    anthropic_api_key: SecretStr | None = Field(default=None, validation_alias="ANTHROPIC_API_KEY")
    anthropic_base_url: str | None = Field(default=None, validation_alias="ANTHROPIC_BASE_URL")
    model: str = Field(default=DEFAULT_MODEL, validation_alias="COORDINATOR_MODEL")
    claude_retries: int = Field(default=3, ge=0, le=10, validation_alias="COORDINATOR_CLAUDE_RETRIES")
    write_interval: float = Field(default=1.0, ge=0, validation_alias="COORDINATOR_WRITE_INTERVAL")
    write_burst: int = Field(default=15, ge=1, le=60, validation_alias="COORDINATOR_WRITE_BURST")
    hourly_writes: int = Field(  # 0: no limit
        default=WRITES_PER_HOUR, ge=0, validation_alias="COORDINATOR_HOURLY_WRITES")
    secondary_rate_wait: float = Field(default=60.0, ge=0, validation_alias="COORDINATOR_SECONDARY_RATE_WAIT")
    github_retries: int = Field(default=5, ge=0, validation_alias="COORDINATOR_GITHUB_RETRIES")
    workers: int = Field(default=4, ge=1, le=64, validation_alias="COORDINATOR_WORKERS")
    log_level: str = Field(default="INFO", validation_alias="COORDINATOR_LOG_LEVEL")
    # Action mode (`coordinator action`, issue #17): who the bot writes as when GitHub will not say
    # (an installation token gets 403 from GET /user), and whether the state lives in the roadmap.
    bot_login: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$",
                                  validation_alias="COORDINATOR_BOT_LOGIN")
    roadmap_state: bool = Field(default=False, validation_alias="COORDINATOR_ROADMAP_STATE")

    @field_validator("github_api_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")

    @field_validator("github_app_id", mode="before")
    @classmethod
    def _app_id_or_client_id(cls, value: object) -> object:
        """GitHub signs App JWTs with either the numeric App id or the App's client id (`Iv23li...`)."""
        text = str(value).strip() if value is not None else None
        if text is not None and not re.fullmatch(r"\d+|Iv[0-9A-Za-z.]{8,40}", text):
            raise ValueError("must be the App's numeric id or its client id (Iv...)")
        return text

    @field_validator("bot_login", mode="before")
    @classmethod
    def _blank_login(cls, value: object) -> object:
        """An Action input left empty arrives as an empty variable: the same as unset."""
        return value.strip() or None if isinstance(value, str) else value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value.upper()

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://")):
            raise ValueError("must be sqlite:///PATH or postgresql://USER@HOST/DATABASE")
        return value

    @field_validator("queue_url")
    @classmethod
    def _known_queue(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://")):
            raise ValueError("must be redis://HOST:PORT/DB (or rediss://)")
        return value or None

    @field_validator("github_app_private_key")
    @classmethod
    def _key_from_path(cls, value: SecretStr | None) -> SecretStr | None:
        """Accept the PEM text itself or a path to a file holding it."""
        if value is None:
            return None
        text = value.get_secret_value()
        if "-----BEGIN" in text:
            return SecretStr(text.replace("\\n", "\n"))
        path = Path(text).expanduser()
        if not path.is_file():
            raise ValueError("is neither PEM text nor the path of a readable file")
        return SecretStr(path.read_text())

    @model_validator(mode="after")
    def _app_pair(self) -> Settings:
        if (self.github_app_id is None) != (self.github_app_private_key is None):
            raise ValueError("GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY must be set together")
        return self

    @model_validator(mode="after")
    def _shared_database(self) -> Settings:
        """Workers on several machines share the state: a SQLite file cannot be shared."""
        if self.queue_url and self.database_url.startswith("sqlite"):
            raise ValueError("COORDINATOR_QUEUE_URL needs a postgresql:// COORDINATOR_DATABASE_URL")
        return self

    @property
    def uses_app(self) -> bool:
        return self.github_app_id is not None

    def secret_values(self) -> tuple[str, ...]:
        """Every configured secret, for the log redactor."""
        secrets = (self.webhook_secret, self.github_token, self.github_app_private_key, self.anthropic_api_key)
        return tuple(secret.get_secret_value() for secret in secrets if secret is not None)

    def require_serving(self) -> None:
        """Checks what `serve` needs beyond what every command needs."""
        if self.webhook_secret is None or not self.webhook_secret.get_secret_value():
            raise SettingsError("GITHUB_WEBHOOK_SECRET is required to serve webhooks")
        self.require_credentials()

    def require_credentials(self) -> None:
        """Checks what talking to GitHub needs (`serve`, `worker`, `jobs retry`)."""
        if self.github_token is None and not self.uses_app:
            raise SettingsError("set GITHUB_TOKEN, or GITHUB_APP_ID with GITHUB_APP_PRIVATE_KEY")


_ALIASES = {name: str(field.validation_alias) for name, field in Settings.model_fields.items()}


def load_settings(**overrides: object) -> Settings:
    """Builds settings from the environment, turning a validation error into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        name = _ALIASES.get(field, field) or "settings"
        raise SettingsError(f"{name}: {first['msg']}") from None
