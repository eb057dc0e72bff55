"""Reaching people by text and email through GOV.UK Notify: the set-up, the reminders, the
sender and the outbox's lists. The messages themselves are written by their causes, through
domain/service/outbox.py."""
