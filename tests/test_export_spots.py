"""Where dotchain puts the labels beside lines in the picture it places (export/spots.py)."""

from __future__ import annotations

from dotchain.export.spots import CLEARANCE, Wanted, beside, placed_labels

SIZE = (40.0, 10.0)


def test_a_label_takes_its_first_spot_that_covers_nothing() -> None:
    box = (0.0, 0.0, 50.0, 20.0)
    wanted = [Wanted("e1", SIZE, [(25.0, 10.0), (25.0, 40.0), (25.0, 80.0)])]
    assert placed_labels(wanted, [box]) == {"e1": (25.0, 40.0)}


def test_a_label_keeps_clear_of_the_labels_placed_before_it() -> None:
    spots = [(100.0, 100.0), (100.0, 100.0 + SIZE[1] + 2 * CLEARANCE)]
    found = placed_labels([Wanted("e1", SIZE, spots), Wanted("e2", SIZE, spots)], [])
    assert found == {"e1": spots[0], "e2": spots[1]}


def test_a_label_with_no_free_spot_is_left_to_graphviz() -> None:
    wall = (0.0, 0.0, 1000.0, 1000.0)
    assert placed_labels([Wanted("e1", SIZE, [(50.0, 50.0), (500.0, 500.0)])], [wall]) == {}


def test_a_label_stays_out_of_the_boxes_it_is_told_to_avoid() -> None:
    team = (0.0, 0.0, 100.0, 100.0)
    wanted = Wanted("e1", SIZE, [(50.0, 50.0), (50.0, 150.0)], avoid=[team])
    assert placed_labels([wanted], []) == {"e1": (50.0, 150.0)}
    assert placed_labels([Wanted("e2", SIZE, [(50.0, 50.0)])], []) == {"e2": (50.0, 50.0)}


def test_heights_beside_a_stretch_start_in_its_middle_and_reach_a_label_past_each_end() -> None:
    heights = beside(50.0, 0.0, 100.0, 10.0)
    assert heights[0] == 50.0
    assert heights[1] < 50.0 < heights[2]  # then one step up and one down, further each time
    assert min(heights) >= -10.0 - 8.0 and max(heights) <= 110.0 + 8.0
    assert min(heights) < 0.0 and max(heights) > 100.0
    assert len(heights) == len(set(heights))
