"""CLI commands that live beside their feature; cli.py registers them."""
