"""svtool: score tenders on price, quality and social value for UK councils."""

__version__ = "0.1.0"
