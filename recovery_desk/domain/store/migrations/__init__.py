"""Alembic migrations: every schema change from the first schema on."""
