"""Stage 6: rows out.

Takes mentions, facts and document rows; gives SPEC's files (JSONL, CSV, observations.csv,
documents.jsonl) replaced atomically (`write`), the database tables (`db`), Parquet, and the
self-contained HTML report (`report`).
"""
