"""dotchain map: each role's line of sight as a tree (`tree`) and as the map JSON document (`document`)."""
