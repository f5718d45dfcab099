"""Output formats: each module turns computed results into a string or Rich renderables."""
