"""Matching: the pure engine (``engine/``) and, later, its Django services."""
