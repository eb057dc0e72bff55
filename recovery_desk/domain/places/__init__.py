"""Places in groups: the week's sessions and who holds a place, booking, waiting lists, the rules a
place follows, registers, cohort review and appointment letters.
"""
