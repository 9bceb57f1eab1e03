"""Reading, validating and writing framework files: the TOML text format and spreadsheet import/export."""

from svtool.frameworks.problems import FrameworkInvalid, Location, Problem

__all__ = ["FrameworkInvalid", "Location", "Problem"]
