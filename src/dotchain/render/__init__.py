"""What several features share for the terminal: outlines (trees), grids (tables), bars and styles."""
