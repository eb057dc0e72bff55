"""The Reports tab.
"""
