"""The gloact exchange document as pydantic v2 models and as msgspec structs.

Each module defines one frozen class per gloact class, with the same fields,
defaults and checks, so that all three read the same documents and refuse the
same mistakes. They live here only, for the benchmarks.
"""
