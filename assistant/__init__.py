"""The assistant: understanding, dialogue, actions, replies, the core facade and the CLI."""
