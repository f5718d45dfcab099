"""dotchain reach: front-line reach (the computation) and one renderer per format."""
