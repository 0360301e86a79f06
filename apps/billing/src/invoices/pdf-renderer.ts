import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BillingError } from '../errors/billing.error';
import type { PdfSpec } from './pdf-spec';

/** How long one document may take to lay out before its worker is ended and the caller gets an error. */
export const PDF_RENDER_TIMEOUT_MS = 10_000;
/** Documents laid out at once; more wait for a slot (their time limit starts when they get one). */
const MAX_CONCURRENT = 2;

const compiled = join(__dirname, 'pdf.worker.js');
/**
 * Run from TypeScript source (the test suite runs billing in-process), the worker file is .ts:
 * it is started through a bootstrap that compiles .ts files with @swc/core, a dev dependency.
 */
const SOURCE_BOOT = `
const swc = require('@swc/core');
const opts = { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } };
require.extensions['.ts'] = (m, file) => m._compile(swc.transformFileSync(file, opts).code, file);
require(${JSON.stringify(join(__dirname, 'pdf.worker.ts'))});
`;

let running = 0;
const waiting: (() => void)[] = [];

/** One finished render: the document's title, whether it produced a document, and how long its worker took. */
export interface PdfRender {
  title: string;
  ok: boolean;
  seconds: number;
}
export type PdfRenderObserver = (render: PdfRender) => void;
/** Like the worker slots above, process-wide: every billing module in the process sees every render. */
const observers = new Set<PdfRenderObserver>();

/** Calls `observer` after every render; returns the function that stops it. */
export function observePdfRenders(observer: PdfRenderObserver): () => void {
  observers.add(observer);
  return () => observers.delete(observer);
}

async function slot(): Promise<() => void> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

/** Lays out `spec` in a worker thread, off the event loop that books usage; ended after `timeoutMs`. */
export async function renderPdf(spec: PdfSpec, timeoutMs = PDF_RENDER_TIMEOUT_MS): Promise<Buffer> {
  const release = await slot();
  const started = performance.now();
  let ok = false;
  try {
    const pdf = await inWorker(spec, timeoutMs);
    ok = true;
    return pdf;
  } finally {
    release();
    const render = { title: spec.title, ok, seconds: (performance.now() - started) / 1000 };
    for (const observe of observers) observe(render);
  }
}

function inWorker(spec: PdfSpec, timeoutMs: number): Promise<Buffer> {
  const worker = existsSync(compiled) ? new Worker(compiled, { workerData: spec }) : new Worker(SOURCE_BOOT, { eval: true, workerData: spec });
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new BillingError('unavailable', `The document could not be rendered within ${timeoutMs} ms.`));
      void worker.terminate();
    }, timeoutMs);
    worker.once('message', (bytes: Uint8Array) => {
      clearTimeout(timer);
      resolve(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`PDF worker exited (code ${code}) without a document`));
    });
  });
}
