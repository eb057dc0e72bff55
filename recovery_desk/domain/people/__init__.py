"""Service users: intake and referrals, the person record, subject access and retention.
"""
