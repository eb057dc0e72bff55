"""Widgets and helpers every screen shares: dates, tables, form errors, dialogs, printing.
"""
