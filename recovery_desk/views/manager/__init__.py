"""The manager's dialogs from the Desk menu: staff accounts, the audit trail, backups, retention;
and the account dialogs sign-in shares (first manager, passwords, recovery).
"""
