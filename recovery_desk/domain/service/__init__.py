"""The service's own set-up: the group catalogue, closures, service details and settings, and the
calendar the sessions follow.
"""
