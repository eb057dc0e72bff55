"""The frame every screen is built in: the desk context (database, staff member, day, change
announcements), the tab protocol, and the window state kept between runs.
"""
