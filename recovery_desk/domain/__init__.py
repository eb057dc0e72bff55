"""The data layer: SQLAlchemy models, the database set-up, migrations and the services.

No Qt is imported anywhere below this package: the GUI, the CLI and tests all reach the data
through the services here, each of which takes the acting staff member.
"""
