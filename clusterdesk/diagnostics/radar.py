"""The geometry of a radar chart, drawn by a template as inline SVG (no JavaScript).

`radar(labels, series)` places one axis per dimension, clockwise from the top, rings at
25/50/75/100 %, and for each series one polygon with one vertex per axis. A dimension
without a score is drawn at the centre and flagged, so each polygon always has exactly one
vertex per axis.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 600
HEIGHT = 440
CENTRE_X = WIDTH / 2
CENTRE_Y = HEIGHT / 2
RADIUS = 150
LABEL_GAP = 16
RINGS = (25, 50, 75, 100)
LABEL_WIDTH = 16  # characters per line of an axis label


@dataclass(frozen=True)
class Axis:
    x: float  # the outer end of the axis
    y: float
    label_x: float
    label_y: float
    anchor: str  # SVG text-anchor: start | middle | end
    lines: tuple[str, ...]  # the label, wrapped


@dataclass(frozen=True)
class Vertex:
    x: float
    y: float
    value: float | None
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    css_class: str
    points: str  # "x,y x,y …" for <polygon points>
    vertices: tuple[Vertex, ...]


@dataclass(frozen=True)
class Ring:
    percent: int
    points: str
    label_x: float  # where its "50 %" label goes, beside the first axis
    label_y: float


@dataclass(frozen=True)
class Radar:
    width: int
    height: int
    view_box: str  # "x y width height": the chart and its labels, without empty margins
    centre_x: float
    centre_y: float
    axes: tuple[Axis, ...]
    rings: tuple[Ring, ...]
    series: tuple[Series, ...]


def _angle(index: int, count: int) -> float:
    return -math.pi / 2 + 2 * math.pi * index / count


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = _angle(index, count)
    distance = RADIUS * max(0.0, min(value, 100.0)) / 100
    return (
        round(CENTRE_X + distance * math.cos(angle), 1),
        round(CENTRE_Y + distance * math.sin(angle), 1),
    )


def _points(pairs: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in pairs)


def _axis(index: int, count: int, label: str) -> Axis:
    x, y = _point(index, count, 100)
    angle = _angle(index, count)
    cos = math.cos(angle)
    anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
    lines = tuple(textwrap.wrap(label, LABEL_WIDTH)) or ("",)
    label_x = CENTRE_X + (RADIUS + LABEL_GAP) * cos
    label_y = CENTRE_Y + (RADIUS + LABEL_GAP) * math.sin(angle)
    if math.sin(angle) < -0.2:  # above the centre: lift multi-line labels clear of the axis
        label_y -= 16 * (len(lines) - 1)
    elif abs(math.sin(angle)) <= 0.2:
        label_y -= 8 * (len(lines) - 1)
    return Axis(x, y, round(label_x, 1), round(label_y + 4, 1), anchor, lines)


def radar(
    labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float | None]]]
) -> Radar:
    """`series` are `(name, css class, values)` with one value (0-100 or None) per label."""
    count = len(labels)
    if count < 3:
        raise ValueError("a radar chart needs at least three axes")
    rings = tuple(
        Ring(
            percent,
            _points([_point(i, count, percent) for i in range(count)]),
            round(CENTRE_X + 4, 1),
            round(CENTRE_Y - RADIUS * percent / 100 + 11, 1),
        )
        for percent in RINGS
    )
    drawn = []
    for name, css_class, values in series:
        if len(values) != count:
            raise ValueError(f"series {name!r} has {len(values)} values for {count} axes")
        vertices = tuple(
            Vertex(*_point(i, count, value or 0.0), value, labels[i])
            for i, value in enumerate(values)
        )
        drawn.append(Series(name, css_class, _points([(v.x, v.y) for v in vertices]), vertices))
    axes = tuple(_axis(i, count, label) for i, label in enumerate(labels))
    top = min(min(axis.label_y - 14, axis.y) for axis in axes) - 8
    bottom = max(max(axis.label_y + 16 * (len(axis.lines) - 1) + 6, axis.y) for axis in axes)
    return Radar(
        width=WIDTH,
        height=HEIGHT,
        view_box=f"0 {top:g} {WIDTH} {bottom + 8 - top:g}",
        centre_x=CENTRE_X,
        centre_y=CENTRE_Y,
        axes=axes,
        rings=rings,
        series=tuple(drawn),
    )
