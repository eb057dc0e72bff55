"""The store: models, engine and server set-up, SQLite files, the change feed, migrations, the
audit chain, errors and time. Everything else in the data layer stands on it.
"""
