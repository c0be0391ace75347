// The tfjs backend of a render worker: single-threaded wasm (each worker is one core; Node loads
// the .wasm from node_modules), else tfjs's plain JavaScript "cpu" backend, saying why.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type BackendChoice = 'auto' | 'wasm' | 'cpu';

export interface BackendInUse {
  name: 'wasm' | 'cpu';
  /** Why wasm was not used, when it was not. */
  fallback: string | null;
}

async function tryBackend(name: 'wasm' | 'cpu'): Promise<string | null> {
  try {
    if (!(await tf.setBackend(name))) return `${name} failed to start`;
    await tf.ready();
    // A tiny computation proves the backend really runs kernels.
    const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 3 ? null : `${name} computed a wrong result`;
  } catch (error) {
    return `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export async function startBackend(choice: BackendChoice): Promise<BackendInUse> {
  // Threads would compete with the other workers for the same cores.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // Production mode only silences tfjs's console advice (install tfjs-node) that would cut into
  // the progress line; the kernels and so the pixels are the same.
  tf.enableProdMode();
  let fallback: string | null = null;
  if (choice !== 'cpu') {
    fallback = await tryBackend('wasm');
    if (fallback === null) return { name: 'wasm', fallback: null };
    if (choice === 'wasm') throw new Error(fallback);
  }
  const problem = await tryBackend('cpu');
  if (problem) throw new Error(problem);
  return { name: 'cpu', fallback: fallback ?? 'cpu was asked for' };
}
