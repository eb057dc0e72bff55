"""Reaching people from the desk: the Messages window and the desk's own sender."""
