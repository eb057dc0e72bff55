"""Qt item models fed plain rows by the views; none of them queries the database."""
