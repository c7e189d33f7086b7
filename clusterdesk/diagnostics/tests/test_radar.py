"""The radar chart's geometry, and the SVG the results page draws with it."""

from __future__ import annotations

import math
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from clusterdesk.diagnostics import radar


def distance(x: float, y: float) -> float:
    return math.hypot(x - radar.CENTRE_X, y - radar.CENTRE_Y)


def test_each_series_has_one_vertex_per_axis_at_its_score() -> None:
    chart = radar.radar(
        ["Strategy", "Readiness", "People", "Data", "AI", "Green"],
        [("T1", "cd-radar-current", [100, 50, 0, 25, None, 75])],
    )
    (series,) = chart.series
    assert len(series.vertices) == 6
    assert len(series.points.split()) == 6
    first = series.vertices[0]
    assert (first.x, first.y) == (radar.CENTRE_X, radar.CENTRE_Y - radar.RADIUS)  # top
    assert distance(series.vertices[1].x, series.vertices[1].y) == pytest.approx(
        radar.RADIUS / 2, abs=0.2
    )
    # no answer: drawn at the centre and flagged
    assert series.vertices[4].value is None
    assert distance(series.vertices[4].x, series.vertices[4].y) == 0
    assert [ring.percent for ring in chart.rings] == [25, 50, 75, 100]
    assert all(len(ring.points.split()) == 6 for ring in chart.rings)


def test_labels_sit_on_the_side_of_their_axis() -> None:
    chart = radar.radar(["Top", "Right", "Bottom", "Left"], [])
    assert [axis.anchor for axis in chart.axes] == ["middle", "start", "middle", "end"]


@pytest.mark.parametrize("labels", [[], ["One"], ["One", "Two"]])
def test_fewer_than_three_axes_make_no_radar(labels: list[str]) -> None:
    with pytest.raises(ValueError, match="three axes"):
        radar.radar(labels, [])


def test_a_series_with_the_wrong_number_of_values_is_refused() -> None:
    with pytest.raises(ValueError, match="3 values for 4 axes"):
        radar.radar(["a", "b", "c", "d"], [("x", "c", [1, 2, 3])])


def test_the_svg_has_the_right_number_of_points_and_no_inline_style() -> None:
    chart = radar.radar(
        ["Decarbonisation", "Water", "Circularity"],
        [("T0", "cd-radar-previous", [20, 40, 60]), ("T1", "cd-radar-current", [35, 45, 80])],
    )
    svg = render_to_string("diagnostics/radar.html", {"chart": chart})
    assert svg.count("<polygon") == 4 + 2  # four rings, two series
    assert svg.count('<circle class="cd-radar-point') == 6  # three vertices per series
    assert svg.count('<line class="cd-radar-axis"') == 3
    assert "style=" not in svg
    assert "<script" not in svg


def test_the_svg_keeps_dots_in_numbers_whatever_the_language() -> None:
    chart = radar.radar(["a", "b", "c"], [("x", "cd-radar-current", [33.3, 50, 66.6])])
    with translation.override("fr"):
        svg = render_to_string("diagnostics/radar.html", {"chart": chart})
    coordinates = re.findall(r'\s(?:cx|cy|x1|y1|x2|y2|x|y)="([^"]*)"', svg)
    assert coordinates
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates
