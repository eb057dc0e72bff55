"""Who can join which group, and why: the intake profile checked against each group's rule.

Pure code with no Qt, no database and no clock: the date of the check is always passed in.
Used by the intake tab's live panel, the referral and booking services (inside their
transactions) and the CLI.
"""

from recovery_desk.eligibility.check import (
    GroupEligibility,
    check_group,
    check_groups,
    referral_problems,
)
from recovery_desk.eligibility.profile import Profile, ProfileError, parse_profile

__all__ = ["GroupEligibility", "Profile", "ProfileError", "check_group", "check_groups",
           "parse_profile", "referral_problems"]
