"""Storage: the SQLAlchemy engine, the schema of every table, and the Alembic migrations that build it.

The conversation and staff stores both read and write these tables; neither owns the schema.
"""
