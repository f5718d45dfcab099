"""dotchain diff: what a change to the organisation does to lines of sight, and one renderer per format."""
