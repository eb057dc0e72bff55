"""The Referral intake tab: finding a person, the intake form, following other desks' changes.
"""
