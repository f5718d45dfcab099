"""dotchain card: one person's card (the computation and its sentences) and one renderer per format."""
