"""Records store: settings, engine and sessions, ORM models, roster, boundary schemas.

Depends on nothing else of ours; `knowledge/` and `assistant/` build on it.
"""

import os as _os

# Nothing may reach a hub at run time: set these before any ML library is imported
# (every entry point imports `store` first).
for _var, _value in {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
}.items():
    _os.environ.setdefault(_var, _value)
