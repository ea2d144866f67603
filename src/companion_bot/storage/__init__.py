"""Storage: SQLAlchemy models, engine factory, repository queries and migrations."""
