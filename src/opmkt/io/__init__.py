"""Reading and writing files: size limits, YAML with positions, text edits, atomic writes."""
