"""Files made for people outside the app: calendar files and printable pages. No Qt here."""
