"""Plain rows: the frozen dataclasses the services return and the screens and item models show.

They hold values only (no SQLAlchemy, no Qt, no service), so an item model or a view can be
built and tested from rows made by hand. One module per capability of the data layer: places,
people, reports. The services fill them; item_models/, views/ and cli/ read them.
"""
