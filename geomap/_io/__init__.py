"""Private helpers for safe files: atomic writes, input limits, partitioned datasets, cache."""
