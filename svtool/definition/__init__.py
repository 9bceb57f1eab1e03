"""Evaluation definition files: one TOML text that describes a whole evaluation (docs/definition-format.md)."""
