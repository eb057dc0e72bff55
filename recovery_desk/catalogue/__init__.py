"""The group catalogue as plain values: a group's details and words, the service's policies with
their defaults, validation, and the catalogue file. No database and no Qt: the data layer, the
eligibility rules, the exports and the editor all share these.
"""
