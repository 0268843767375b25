"""Rule data shipped inside the package (imported only to locate these files; no code here)."""
