"""The Gradio page: a thin face over assistant.core.Core (see ui/app.py)."""
