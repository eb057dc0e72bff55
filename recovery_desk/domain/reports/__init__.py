"""The service's figures for a period: queries, figures and the report.
"""
