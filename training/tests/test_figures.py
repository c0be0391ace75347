"""Figures: grey ones are stored as one grey channel, the same pixels as matplotlib drew them."""
import numpy as np
import pytest

pytest.importorskip("matplotlib", reason="matplotlib is not installed")
from PIL import Image  # noqa: E402

from knee_gan import figures  # noqa: E402


def test_a_grey_montage_is_stored_grey_with_the_pixels_matplotlib_drew(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    grid = [[rng.integers(0, 255, (16, 16), dtype=np.uint8) for _ in range(3)] for _ in range(2)]
    figures.montage(grid, str(tmp_path / "grey.png"), title="t", row_labels=["a", "b"])
    monkeypatch.setattr(figures, "_write", lambda fig, path, dpi: fig.savefig(path, dpi=dpi))
    figures.montage(grid, str(tmp_path / "rgba.png"), title="t", row_labels=["a", "b"])
    grey, rgba = Image.open(tmp_path / "grey.png"), Image.open(tmp_path / "rgba.png")
    assert grey.mode == "L" and rgba.mode == "RGBA"
    assert np.array_equal(np.asarray(grey), np.asarray(rgba)[..., 0])


def test_a_figure_with_colour_keeps_its_colour(tmp_path):
    plt = figures._pyplot()
    fig, ax = plt.subplots(figsize=(2, 2))
    ax.plot([0, 1], [0, 1], color="tab:red")
    figures._save(fig, str(tmp_path / "red.png"), 50)
    assert Image.open(tmp_path / "red.png").mode == "RGBA"
