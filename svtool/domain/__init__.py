"""Plain data and the scoring engine. Imports nothing from the other layers, Qt, SQLAlchemy or file formats."""
