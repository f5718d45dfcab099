"""dotchain ratings: the common service language in use, and one renderer per format."""
