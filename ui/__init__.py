"""The Gradio page: one module per tab, each calling `assistant.core.Core` only."""
