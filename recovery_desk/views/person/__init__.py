"""A person's record and what the desk does from it: booking, letters.
"""
