"""One module per tab; each has build(page, …) and calls Core only."""
