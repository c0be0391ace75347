// `espcn-x2@1`: bilinear x2 plus a learned residual through depth-to-space. Mirrors
// training/knee_gan/upsampler.py; the parity test covers it through the package's reference.
import * as tf from '@tensorflow/tfjs';
import { conv, lrelu, Params, upsampleBilinear2x } from './common';

export function upsample(params: Params, img: tf.Tensor4D, layers: number): tf.Tensor4D {
  return tf.tidy(() => {
    let y = img;
    for (let i = 0; i < layers; i++) {
      y = conv(params, y, `upsampler/${i}`);
      if (i < layers - 1) y = lrelu(y) as tf.Tensor4D;
    }
    // PyTorch's pixel_shuffle puts channel c = 2·dy + dx at (2y + dy, 2x + dx): tfjs's NHWC
    // depthToSpace orders the sub-pixels the same way for one output channel.
    return upsampleBilinear2x(img).add(tf.depthToSpace(y, 2, 'NHWC'));
  });
}
