"""The window's shell: the main window that wires the tabs, the application, signing in, the idle
lock, the Desk and Help menus, opening checks and failure reports.
"""
