// What the bench scripts share: how they start Chromium and how they summarise timings.
import { chromium } from '@playwright/test';

// Debian's Chromium with WebGPU on (SwiftShader without a GPU) and nothing reaching the network.
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const launchChromium = () => chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

/** The p-th percentile (nearest rank), or null for no values. */
export const percentile = (values, p) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** One decimal, null kept. */
export const round = (v) => (v === null || v === undefined ? null : Math.round(v * 10) / 10);
