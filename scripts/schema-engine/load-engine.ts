import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as SchemaEngineModule from '@prisma/schema-engine-wasm/schema_engine_bg';

export type SchemaEngineBindings = typeof SchemaEngineModule;

/** The part of the WebAssembly global used here (tsconfig's ES2022 lib does not declare it). */
interface WasmGlobal {
  instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: Record<string, unknown> } }>;
}

let loading: Promise<SchemaEngineBindings> | undefined;

/**
 * Prisma's schema engine as WebAssembly (@prisma/schema-engine-wasm; see PRISMA-OFFLINE.md). Its ES module entry
 * imports the `.wasm` file directly, which Node refuses, so this does what that entry does: instantiate the
 * `.wasm` with the wasm-bindgen glue (`schema_engine_bg.js`) as its imports, then hand the instance to the glue.
 * Loaded once per process.
 */
export function loadSchemaEngine(): Promise<SchemaEngineBindings> {
  loading ??= instantiate();
  return loading;
}

async function instantiate(): Promise<SchemaEngineBindings> {
  // The wasm reports Rust panics through this global; without it a panic surfaces as an unrelated TypeError.
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  registry.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => process.stderr.write(`schema engine panic: ${message}\n`) };

  // A CommonJS require of the ES module glue: Node >= 20.19 loads it natively, jest through its transform.
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as SchemaEngineBindings;
  const bytes = readFileSync(join(dirname(gluePath), 'schema_engine_bg.wasm'));
  const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmGlobal };
  const { instance } = await wasm.instantiate(bytes, { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}
