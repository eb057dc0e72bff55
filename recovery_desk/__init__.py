"""Recovery Desk: the front-desk app for a community drug and alcohol recovery service."""

__version__ = "0.1.0"
