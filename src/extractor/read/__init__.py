"""Stage 1: files to text.

Takes a path (.txt in any common encoding, .html/.htm, .docx, .pdf); gives a `Document` (the
text, its format and encoding) or an `InputError` with a one-line reason. `formats` names a
file's kind from its extension and leading bytes; one module per format does the reading.
"""
