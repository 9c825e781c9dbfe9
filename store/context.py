"""What every core function needs to know about the request: settings and today."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .settings import Settings, load_settings


@dataclass(frozen=True)
class Context:
    settings: Settings = field(default_factory=load_settings)
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def url(self) -> str:
        return self.settings.database_url
