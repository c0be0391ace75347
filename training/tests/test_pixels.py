"""The one [-1, 1] <-> uint8 conversion (knee_gan.pixels), rounded like the app's toGrey8."""
import numpy as np
import torch

from knee_gan.pixels import ONE_GREY_LEVEL, from_uint8, to_uint8


def test_every_grey_level_survives_the_round_trip():
    levels = np.arange(256, dtype=np.uint8).reshape(1, 16, 16)
    x = from_uint8(levels)
    assert x.dtype == torch.float32 and x.shape == (1, 1, 16, 16)
    assert float(x.min()) == -1.0 and float(x.max()) == 1.0
    assert np.array_equal(to_uint8(x)[:, 0], levels)


def test_to_uint8_clamps_rounds_and_keeps_the_shape():
    values = np.array([-3.0, -1.0, 0.0, 1.0, 7.0], np.float32)
    assert to_uint8(values).tolist() == [0, 0, 128, 255, 255]  # 0 -> 127.5 -> 128 (half to even)
    assert to_uint8(torch.tensor(values)).tolist() == to_uint8(values).tolist()
    assert to_uint8(np.zeros((2, 1, 3, 4), np.float32)).shape == (2, 1, 3, 4)
    # half a grey level either side of a level rounds back to it
    level = from_uint8(np.array([[[100]]], np.uint8))
    assert to_uint8(level + 0.49 * ONE_GREY_LEVEL).item() == 100 and to_uint8(level - 0.49 * ONE_GREY_LEVEL).item() == 100
