"""The Catalogue tab: groups, their policies and the service's details.
"""
