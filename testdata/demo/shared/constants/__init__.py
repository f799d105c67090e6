"""Shared constants."""
