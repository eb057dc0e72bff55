"""The Timetable tab: the week, its sessions, closures and registers.
"""
