"""dotchain export: the diagram model of a view, drawn as DOT, Mermaid, JSON, an HTML page and by
Graphviz."""
