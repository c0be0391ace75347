"""Masked grade directions (masks.py, lite.CondNorm): the offset acts only where its mask is."""
import numpy as np
import torch

from knee_gan.export import render
from knee_gan.masks import joint_margin_mask, mask_tensor
from package_fixture import margin_direction, tiny_generator


def test_the_joint_margin_mask_covers_the_outer_columns_about_the_joint_line():
    m = np.array(joint_margin_mask(0.6, size=28)["values"]).reshape(28, 28)
    assert m.max() == 1.0 and m.min() >= 0.0
    row = int(0.6 * 28)
    assert m[row, 2] > 0.9 and m[row, 25] > 0.9  # the margins on the joint line
    assert m[row, 14] < 0.01  # the middle of the joint
    assert m[row, 8] < 0.01 and m[row, 19] < 0.01  # most columns where jsw.ts measures the joint space
    assert m[3, 2] < 0.01 and m[26, 25] < 0.01  # far above and below
    assert np.allclose(m, m[:, ::-1], atol=1e-4)  # both sides alike


def test_a_mask_of_ones_is_the_plain_offset_and_of_zeros_no_edit():
    g = tiny_generator(kind="lite2+up")
    d = margin_direction(g, "margins", 4)
    state = {"seed": 11, "kl": 1.5, "truncation": 1.0, "directions": {"margins": 2.0}}
    ones = {**d, "mask": {"size": [1, 1], "values": [1.0]}}
    zeros = {**d, "mask": {"size": [1, 1], "values": [0.0]}}
    plain = {k: v for k, v in d.items() if k != "mask"}
    np.testing.assert_allclose(render(g, state, [ones]), render(g, state, [plain]), atol=1e-5)
    np.testing.assert_allclose(render(g, state, [zeros]), render(g, {**state, "directions": {}}, [plain]), atol=1e-6)


def test_a_masked_edit_changes_the_image_most_where_its_mask_is():
    g = tiny_generator(kind="lite2")
    d = margin_direction(g, "margins", 4)
    base = render(g, {"seed": 5, "kl": 2.0, "truncation": 1.0, "directions": {}}, [d])
    moved = render(g, {"seed": 5, "kl": 2.0, "truncation": 1.0, "directions": {"margins": 3.0}}, [d])
    change = np.abs(moved - base)
    size = change.shape[0]
    weight = torch.nn.functional.interpolate(mask_tensor(d["mask"]), size=(size, size), mode="bilinear",
                                             align_corners=False)[0, 0].numpy()
    inside, outside = change[weight > 0.5].mean(), change[weight < 0.05].mean()
    assert inside > 3 * outside, (inside, outside)


def test_a_style_generator_refuses_a_masked_offset():
    import pytest

    g = tiny_generator(kind="style")
    d = {**margin_direction(tiny_generator(kind="lite2"), "margins", 4)}
    d["vector"] = [0.0] * g.grade_dim
    with pytest.raises(ValueError, match="knee-lite"):
        render(g, {"seed": 1, "kl": 1.0, "truncation": 1.0, "directions": {"margins": 1.0}}, [d])
