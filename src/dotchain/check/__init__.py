"""dotchain check: the rules (one module per rule), the engine that runs them, one module per report
format."""
