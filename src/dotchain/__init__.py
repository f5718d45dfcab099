"""dotchain: show every person how their work reaches the customer."""

__version__ = "0.1.0"
