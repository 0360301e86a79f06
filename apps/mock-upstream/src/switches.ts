/** Behaviour switches chosen by the request's `model` name. */
export type Behaviour = 'normal' | 'error-500' | 'error-429' | 'hang' | 'stream-cut' | 'no-usage' | 'cached';

export interface Switch {
  behaviour: Behaviour;
  /** Extra delay from `mock-slow-<ms>`. */
  slowMs: number;
}

const NORMAL: Switch = { behaviour: 'normal', slowMs: 0 };
const FIXED: Record<string, Switch> = {
  'mock-error-500': { behaviour: 'error-500', slowMs: 0 },
  'mock-error-429': { behaviour: 'error-429', slowMs: 0 },
  'mock-hang': { behaviour: 'hang', slowMs: 0 },
  'mock-stream-cut': { behaviour: 'stream-cut', slowMs: 0 },
  'mock-no-usage': { behaviour: 'no-usage', slowMs: 0 },
  'mock-cached': { behaviour: 'cached', slowMs: 0 },
};
const SLOW = /^mock-slow-(\d+)$/;

export function switchFor(model: string): Switch {
  if (model.charCodeAt(0) !== 109 /* m */ || !model.startsWith('mock-')) return NORMAL;
  const fixed = FIXED[model];
  if (fixed !== undefined) return fixed;
  const slow = SLOW.exec(model);
  return slow ? { behaviour: 'normal', slowMs: Number(slow[1]) } : NORMAL;
}
