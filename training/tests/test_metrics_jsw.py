"""The Python side of the one joint-space-width implementation (core/measure/jsw.ts run in Node)."""
import numpy as np
import pytest

from knee_gan.figures import jsw_overlay_figure
from knee_gan.metrics import jsw

pytestmark = pytest.mark.skipif(not jsw.available(), reason="needs node and the project's node_modules (npm install)")


def synth(size: int, top: int, gap: int) -> np.ndarray:
    img = np.full((size, size), 190, np.uint8)
    img[top:top + gap] = 40
    return img


def test_measures_known_gaps_through_node():
    images = np.stack([synth(128, 70, g) for g in (3, 5, 8)])
    res = jsw.measure_jsw(images, sides=["L", "R", "?"])
    widths = [r["minWidth"] for r in res]
    assert widths == sorted(widths)
    assert abs(widths[2] - 8) < 1.0
    assert res[0]["medial"] is not None and res[2]["medial"] is None
    assert "margins" not in res[0]
    with_margins = jsw.measure_jsw(images[:1], margins=True)
    assert len(with_margins[0]["margins"]["x"]) > 10
    assert np.allclose(jsw.min_jsw(images), widths)


def test_per_grade_summary_and_overlay(tmp_path):
    images = np.stack([synth(128, 70, g) for g in (8, 8, 4, 4)])
    out = jsw.jsw_by_grade(images, np.array([0, 0, 3, 3]), sides=["L", "R", "L", "R"])
    assert out["per_grade"]["0"]["min_mean"] > out["per_grade"]["3"]["min_mean"]
    assert out["per_grade"]["0"]["n"] == 2
    res = jsw.measure_jsw(images[:2], margins=True)
    path = str(tmp_path / "overlay.png")
    jsw_overlay_figure(images[:2], res, path, titles=["a", "b"], columns=2)
    assert (tmp_path / "overlay.png").stat().st_size > 1000


def test_rejects_wrong_input():
    with pytest.raises(ValueError):
        jsw.measure_jsw(np.zeros((2, 16, 16), np.float32))


def test_the_joint_row_of_a_sweep_is_the_median_of_the_knees():
    from knee_gan.directions.measure import joint_row_of_images

    images = np.stack([synth(128, top, 5) for top in (40, 70, 72, 74, 110)])
    rows = [r["jointRow"] for r in jsw.measure_jsw(images)]
    assert joint_row_of_images(images) == np.median(rows)
    assert abs(joint_row_of_images(images) - 74) < 4  # the middle knee's gap (rows 72-76), not the outliers'


def test_the_measurement_reads_no_clean_gap_narrower_than_about_5_px():
    """The floor the JSN slider's end meets (training/README.md): drawn joints 1-4 px wide at 224 px
    read 5.0-5.5 px, while an 8-px gap reads 8 px."""
    from knee_gan.jsw_floor import read_widths

    narrow = read_widths([1, 2, 3, 4], blur=1.0)
    assert all(4.9 <= w <= 5.5 for w in narrow), narrow
    assert read_widths([8], blur=1.0)[0] == pytest.approx(8.0, abs=0.5)


def test_per_grade_summary_of_widths():
    from knee_gan.jsw_floor import per_grade

    widths = np.array([4.0, 6.0, 8.0, 4.5, 5.5, 9.0])
    grades = np.array([4, 4, 4, 0, 0, 0])
    out = per_grade(widths, grades)
    assert sorted(out) == [0, 4]
    n, mean, median, p10, share = out[4]
    assert (n, mean, median, share) == (3, 6.0, 6.0, pytest.approx(1 / 3))
    assert p10 == pytest.approx(np.percentile([4.0, 6.0, 8.0], 10))
    assert out[0][4] == pytest.approx(1 / 3)
