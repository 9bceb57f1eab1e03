"""Evaluation documents in SQLite (and PostgreSQL): SQLAlchemy 2.0 models, sessions, migrations, audit log."""
