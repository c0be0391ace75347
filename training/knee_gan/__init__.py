"""Knee OA Studio training pipeline: a conditional StyleGAN-style generator for knee radiographs."""
