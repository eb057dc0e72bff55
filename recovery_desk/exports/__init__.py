"""Files made for people outside the app: calendar files, printable pages, the group-work
report's files and appointment letters.

Pure: no Qt and no database; each takes plain rows and returns text or bytes. Libraries an
export needs (icalendar, openpyxl) are imported when that export runs.
"""
