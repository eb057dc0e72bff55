"""The Qt bindings keep Python's books while painting: every chart and the week grid paint with
QPainter many times an hour, and PySide6 6.12.0 dropped a reference to None on each drawLine,
drawPolyline and drawPath, so a desk left showing a chart aborted after some hours
("Fatal Python error: none_dealloc"). pyproject.toml keeps PySide6 below 6.12 for that; this
test fails on any version that loses references while drawing, so the cap can be lifted once a
release passes it."""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath, QPolygonF

CALLS = 200
DRAWING: dict[str, Callable[[QPainter], None]] = {
    "drawLine": lambda p: p.drawLine(QLineF(QPointF(0, 0), QPointF(5, 5))),
    "drawPolyline": lambda p: p.drawPolyline(QPolygonF([QPointF(0, 0), QPointF(5, 5)])),
    "drawPath": lambda p: p.drawPath(QPainterPath(QPointF(0, 0))),
    "drawText": lambda p: p.drawText(QRectF(0, 0, 50, 20), Qt.AlignmentFlag.AlignRight, "x"),
    "drawEllipse": lambda p: p.drawEllipse(QPointF(5, 5), 2.0, 2.0),
}


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize("name", DRAWING)
def test_painting_keeps_references_to_none(name: str) -> None:
    """Two hundred calls leave None's reference count as it was (a few either way is other
    code running meanwhile; the bug lost exactly one a call)."""
    image = QImage(60, 30, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(CALLS):
            DRAWING[name](painter)
        lost = before - sys.getrefcount(None)
    finally:
        painter.end()
    assert lost < CALLS // 4, f"{name} lost {lost} references to None in {CALLS} calls"
