"""Whole-database operations that use the services: set-up of a new database, the demo, backups and
restore, transfer to a server.
"""
