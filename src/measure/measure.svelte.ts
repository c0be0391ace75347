// The "Measure JSW" toggle and the knee side the user chose; the viewer creates one.
import type { KneeSide } from '../../core/measure/jsw';

export class JswMeasureSettings {
  on = $state(false);
  /** Which knee the image shows; null = unknown, compartments named by image side only. */
  side = $state<KneeSide | null>(null);
}
