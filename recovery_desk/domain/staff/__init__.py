"""Staff accounts, signing in, and the manager's view of the audit trail.
"""
