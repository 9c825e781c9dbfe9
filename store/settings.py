"""One settings object, read from environment variables and an optional config file.

Precedence (highest first): CLI options (applied by the caller with `replace`),
environment variables, `<home>/config.yaml`, defaults. Defaults run fully offline.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ENV_PREFIX = "UNION_ASSISTANT_"

# Environment variable -> settings attribute. Documented in the README.
ENV_VARS = {
    "UNION_ASSISTANT_DB": "db_url",
    "UNION_ASSISTANT_LLM_BASE_URL": "llm_base_url",
    "UNION_ASSISTANT_LLM_MODEL": "llm_model",
    "UNION_ASSISTANT_LLM_API_KEY": "llm_api_key",
    "UNION_ASSISTANT_LLM_TIMEOUT": "llm_timeout",
    "UNION_ASSISTANT_EMBEDDING_MODEL": "embedding_model",
    "UNION_ASSISTANT_RETRIEVER": "retriever",
    "UNION_ASSISTANT_REGULATIONS": "regulations",
    "UNION_ASSISTANT_SECRET": "secret",
}


def _home() -> Path:
    return Path(os.environ.get("UNION_ASSISTANT_HOME", "~/.union-assistant")).expanduser()


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=_home)
    db_url: str | None = None
    # Optional LLM through any OpenAI-compatible endpoint (Ollama, vLLM, DeepSeek, Qwen …).
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout: float = 20.0
    # Local directory of a sentence-transformers model; enables dense retrieval.
    embedding_model: str | None = None
    # "bm25" (default) or "hybrid" (bm25 + dense, reciprocal-rank fused).
    retriever: str = "bm25"
    # Regulations the organisation is bound by, by document id prefix ("000,004").
    regulations: str = "000"
    secret: str | None = None

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.home / 'union-assistant.db'}"

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_model and self.llm_base_url)

    def replace(self, **changes) -> "Settings":
        changes = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **changes)


def load_settings(**overrides) -> Settings:
    """Settings from defaults < config file < environment < explicit overrides."""
    home = Path(overrides.get("home") or _home()).expanduser()
    values: dict = {"home": home}
    config_file = home / "config.yaml"
    if config_file.exists():
        data = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
        known = {f.name for f in dataclasses.fields(Settings)}
        values.update({k: v for k, v in data.items() if k in known and k != "home"})
    for var, attr in ENV_VARS.items():
        if os.environ.get(var):
            values[attr] = os.environ[var]
    if "llm_timeout" in values:
        values["llm_timeout"] = float(values["llm_timeout"])
    values.update({k: v for k, v in overrides.items() if v is not None})
    values["home"] = Path(values["home"]).expanduser()
    return Settings(**values)
