/**
 * Node's own options for the gateway process, on every command line that starts one (npm start,
 * the bench, the test children; the Dockerfile and k8s/gateway.yaml repeat them and
 * test/deploy-manifests.spec.ts holds them equal). Measured on the bench VM, idle after start:
 * - `--expose-gc`: the idle heap trim (http/heap-trim.ts) runs a full collection, which only this offers.
 * - `--liftoff-only`: the only WebAssembly in the gateway is Prisma's query compiler, used off the
 *   hot path (catalog loads, stored responses); V8's optimising wasm tier recompiled it in the
 *   background and kept ~45 MB of RSS for it, with no measurable gain per query (0.39 against 0.37 ms).
 * - `--max-semi-space-size=8` (MiB): V8 grows the young generation to 2 × 16 MiB during start-up and
 *   keeps it (no collection shrinks it back). 8 MiB: ~16 MB less RSS, GC 6.9 % of the gateway's CPU under
 *   load against 4.8 % at 16 MiB, req/s within noise; 4 MiB saved 8 MB more but GC took 15 % and req/s fell.
 * Not `--v8-pool-size=2` (~1 MiB less at idle): two 20 s long-stream runs with it had a chunk delay p50 of
 * 10-16 ms against ~1 ms without; later runs without it also varied 0.7-11 ms on this VM, so not proven, but
 * 1 MiB is not worth fewer threads for V8's concurrent marking.
 * Prisma's query compiler is the `small` build (compilerBuild in prisma/gateway/schema.prisma): ~10 MiB
 * less than `fast`, the same CPU per query (0.34 against 0.32 ms for a stored response read).
 */
export const GATEWAY_NODE_FLAGS: readonly string[] = ['--expose-gc', '--liftoff-only', '--max-semi-space-size=8'];

/**
 * The gateway process's environment beyond its configuration, set wherever the flags above are:
 * `MALLOC_ARENA_MAX=2` caps glibc's malloc arenas (one per thread that allocates, by default up to
 * 8 per core), which kept ~3.5 MiB of freed native memory at idle.
 */
export const GATEWAY_NODE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
