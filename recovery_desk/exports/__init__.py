"""Files made for people outside the app: calendar files and printable pages.

Pure: no Qt and no database; each takes plain rows and returns text or bytes. Libraries an
export needs (icalendar) are imported when that export runs.
"""
