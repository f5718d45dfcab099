"""Reports of findings, one module per format, each a function from findings to a string."""
