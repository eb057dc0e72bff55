"""The Cohort review tab.
"""
