import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Measurer } from './measure';
import { chunksOf, parseOptions, type Options } from './options';
import { buildReport, footer, type Report, type ScenarioReport, markdown, readmeBlock, summarise, table, updateReadme, writeAtomically } from './report';
import { bookingProblem, failed, RunResult } from './result';
import { idleRssKb, machineBusyPct, memoryOf, RssSampler } from './rss';
import { SCENARIOS, Scenario } from './scenarios';
import { smokeCheck } from './smoke';
import { BenchStack, type RunningStack } from './stack';
import { buildTargets, Target } from './targets';
import { ROOT } from './children';
import { Extras, extrasFailures, extrasMarkdown, runExtras } from './extras';
import { LongStreams, longStreamFailures, runLongStreams } from './long-streams';

const RESULTS = join(ROOT, 'bench', 'results');

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '–');

function targetsOf(all: Target[], s: Scenario): Target[] {
  return all.filter((t) => t.upstream === s.upstream && t.stream === s.stream);
}

/** Why the run must stop: a service crashed or a signal arrived (both checked between measurements). */
interface Stop {
  crashed?: string;
  interrupted: boolean;
}

/** On SIGINT/SIGTERM: tear the stack down (services, database) and exit 130. */
function stopOnSignals(stack: BenchStack, stop: Stop): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.interrupted) return;
    stop.interrupted = true;
    process.stderr.write(`\n${signal}: stopping services and dropping ${stack.dbName}...\n`);
    void stack.teardown().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Warns about a busy machine, then starts every service; a service that exits later is recorded in `stop`. */
async function startStack(stack: BenchStack, options: Options, stop: Stop): Promise<RunningStack> {
  const busy = await machineBusyPct(1_000);
  if (busy !== null && busy > 25) log(`bench: WARNING: ${Math.round(busy)} % of a core is busy before the bench starts; figures will be noisy`);
  log(`bench: database ${stack.dbName}, NATS prefix ${stack.natsPrefix}, Redis prefix ${stack.redisPrefix}`);
  const long = options.longStreams;
  const onExit = (name: string, code: number | null, signal: NodeJS.Signals | null): void => {
    stop.crashed = `${name} exited unexpectedly (code ${code}, signal ${signal})`;
    process.stderr.write(`bench: ${stop.crashed}\n`);
  };
  return stack.setup(onExit, { chunks: chunksOf(long), chunkDelayMs: 1000 / long.chunksPerSec });
}

/** One measurement's log line (plus its error samples and billing problem, if any). */
function logResult(s: Scenario, t: Target, r: RunResult, progress: string): void {
  const rate = r.rps === null ? 'sequential' : `${Math.round(r.rps)} req/s`;
  const what = s.kind === 'ttfb' ? 'TTFB ' : '';
  const cpu = r.proxyCpuPct === null ? '' : `  proxy CPU ${Math.round(r.proxyCpuPct)} %`;
  const bg = r.backgroundCpuPct === null ? '' : `  background ${Math.round(r.backgroundCpuPct)} %`;
  const b = r.booking;
  const booked = b
    ? `  booked ${b.booked}/${b.served} at ${b.bookedPerSec === null ? '–' : Math.round(b.bookedPerSec)} ev/s, lag p50 ${fmt(b.lagP50Ms ?? NaN)} p99 ${fmt(b.lagP99Ms ?? NaN)} ms, billing CPU ${b.billingCpuSec === null ? '–' : b.billingCpuSec.toFixed(1)} s (${b.eventsPerBillingCpuSec === null ? '–' : Math.round(b.eventsPerBillingCpuSec)} ev per CPU-s), redelivered ${b.redelivered ?? '–'}${b.keptUp ? '' : ' (billing behind)'}`
    : '';
  const waited = r.billingWaitMs > 1_000 ? `  waited ${(r.billingWaitMs / 1000).toFixed(1)} s for billing${r.billingIdleBefore ? '' : ' (still busy)'}` : '';
  log(
    `  [${progress}] ${s.title.padEnd(50)} ${t.via.padEnd(8)} ${rate.padStart(11)}  ${what}p50 ${fmt(r.p50)} ms  p99 ${fmt(r.p99)} ms  non-2xx ${r.non2xx}  errors ${r.errors}${cpu}${bg}${booked}${waited}`,
  );
  if (failed(r)) for (const line of r.errorSamples) log(`      ! ${line}`);
  const problem = bookingProblem(r.booking);
  if (problem) log(`      ! billing: ${problem}`);
}

/** The table run: every scenario on each of its targets, `rounds` times, the order within a scenario alternating. */
async function runRounds(measurer: Measurer, options: Options, scenarioList: Scenario[], targets: Target[], stop: Stop): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const s of scenarioList) {
      // Alternate the order within a scenario from round to round, so neither path always goes first.
      const ts = round % 2 === 1 ? targetsOf(targets, s) : [...targetsOf(targets, s)].reverse();
      for (const t of ts) {
        if (stop.crashed || stop.interrupted) throw new Error(stop.crashed ?? 'interrupted');
        const r = await measurer.measure(s, t, round);
        results.push(r);
        logResult(s, t, r, `${round}/${options.rounds}`);
      }
    }
  }
  return results;
}

/** The extras (1,000 concurrent streams, two gateway processes) on a full table run; null otherwise. */
async function maybeExtras(running: RunningStack, targets: Target[], options: Options, tableRun: boolean): Promise<Extras | null> {
  if (options.quick || !tableRun) return null;
  log('\nbench: 1,000 concurrent streams, then two gateway processes...');
  const plain = targets.find((t) => t.via === 'gateway' && t.upstream === '0ms' && !t.stream)!;
  const stream = targets.find((t) => t.via === 'gateway' && t.upstream === '0ms' && t.stream)!;
  return runExtras(running, plain, stream, { ...plain, url: plain.url.replace(running.gatewayBaseUrl, running.gateway2BaseUrl) }, options.durationSec);
}

/** Measures the table (unless only the long streams were asked for), the extras and the long streams; builds the report. */
async function measureAll(
  stack: BenchStack,
  options: Options,
  startedAt: number,
  stop: Stop,
): Promise<{ report: Report; scenarios: ScenarioReport[]; extras: Extras | null }> {
  const running = await startStack(stack, options, stop);
  const long = options.longStreams;
  const tableRun = options.only === 'all';
  const scenarioList = tableRun ? SCENARIOS : [];
  const targets = buildTargets(running);
  const used = scenarioList.flatMap((s) => targetsOf(targets, s)).filter((t, i, a) => a.indexOf(t) === i);
  await smokeCheck(used);
  // Idle as a deployed gateway sits between bursts: once its heap trim ran after the smoke calls (lowest RSS over 8 s).
  const idleKb = await idleRssKb(running.gatewayPid, 8_000);
  const sampler = new RssSampler(running.gatewayPid);
  sampler.start();

  const loadRuns = scenarioList.filter((s) => s.kind === 'load').reduce((n, s) => n + targetsOf(targets, s).length, 0);
  const estimate = options.rounds * loadRuns * (options.warmupSec + options.durationSec + 0.5);
  const longSec = 2 * (long.rampSec + long.seconds + 10);
  const plan = tableRun ? `${options.rounds} round(s), about ${Math.ceil(estimate)} s, then` : 'only';
  log(`bench: set up in ${((Date.now() - startedAt) / 1000).toFixed(1)} s; measuring ${plan} the long streams (about ${longSec} s more)\n`);

  const measurer = new Measurer(options, running.gatewayPid, sampler, (t) => running.proxyPid(t.via, t.upstream), running.billing);
  const results = await runRounds(measurer, options, scenarioList, targets, stop);
  sampler.stop();
  const peak = memoryOf(running.gatewayPid);
  const extras = await maybeExtras(running, targets, options, tableRun);
  log(`\nbench: long streams (${long.streams.toLocaleString('en-US')} concurrent, ${long.seconds} s each)...`);
  const longStreams: LongStreams = await runLongStreams(running, long, log);
  if (stop.crashed) throw new Error(stop.crashed);
  const scenarios = summarise(scenarioList, results);
  const report = buildReport({
    options,
    scenarios,
    results,
    startedAt,
    gateway: { idleRssKb: idleKb, peakHwmKb: peak?.hwmKb ?? null, peakSampledKb: sampler.peakSampledKb, output: stack.children.output('gateway') },
    extraFailures: [...extrasFailures(extras), ...longStreamFailures(longStreams)],
    longStreams,
  });
  return { report, scenarios, extras };
}

/** Writes `<base>.{json,md}` under bench/results and prints the table and footer; returns the extras' markdown ('' without). */
function writeResults(report: Report, scenarios: ScenarioReport[], extras: Extras | null, base: string, tableRun: boolean): string {
  mkdirSync(RESULTS, { recursive: true });
  writeAtomically(join(RESULTS, `${base}.json`), JSON.stringify(report, null, 2) + '\n');
  const md = markdown(report);
  writeAtomically(join(RESULTS, `${base}.md`), md);
  if (tableRun) log(`\n${table(scenarios)}\n`);
  log(footer(report));
  log(`\n${md.slice(md.indexOf('**Targets**'))}`);
  const extrasMd = extras ? extrasMarkdown(extras, report.gateway.idleRssMiB) : '';
  if (extrasMd) {
    log(`\n${extrasMd}`);
    writeAtomically(join(RESULTS, `${base}.md`), `${md}\n${extrasMd}\n`);
    writeAtomically(join(RESULTS, `${base}.json`), JSON.stringify({ ...report, extras }, null, 2) + '\n');
  }
  return extrasMd;
}

/** The gateway's log lines per kind (at LOG_LEVEL=warn), then the failures if the run failed; true when it did. */
function logOutcome(report: Report): boolean {
  const kinds = Object.entries(report.gateway.logKinds).filter(([k]) => !k.startsWith('log '));
  if (kinds.length) {
    log('\ngateway log at LOG_LEVEL=warn during the run (lines per kind):');
    for (const [k, n] of kinds.sort((a, b) => b[1] - a[1])) log(`  ${String(n).padStart(6)}  ${k}`);
  }
  if (report.ok) return false;
  process.stderr.write('\n*** BENCH FAILED: requests failed under load, streams were lost or served calls went unbooked (README not updated) ***\n');
  for (const f of report.failures) {
    process.stderr.write(
      `  ${f.scenario} / ${f.target} round ${f.round}: ${f.non2xx} non-2xx, ${f.errors} errors, status codes ${JSON.stringify(f.statusCodes)}\n`,
    );
    for (const sample of f.samples) process.stderr.write(`    ${sample}\n`);
    if (f.booking) process.stderr.write(`    billing: ${f.booking}\n`);
  }
  return true;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const startedAt = Date.now();
  const stack = new BenchStack();
  const stop: Stop = { interrupted: false };
  stopOnSignals(stack, stop);
  try {
    const tableRun = options.only === 'all';
    const { report, scenarios, extras } = await measureAll(stack, options, startedAt, stop);
    // A BENCH_QUICK smoke run is not representative: it keeps to quick.{json,md} and leaves the README alone.
    const base = options.quick ? 'quick' : tableRun ? 'latest' : 'long-streams';
    const extrasMd = writeResults(report, scenarios, extras, base, tableRun);
    if (logOutcome(report)) return 1;
    if (options.quick || !tableRun) {
      log(`\nwrote bench/results/${base}.{json,md}; README left alone (${options.quick ? 'smoke run' : 'long streams only'}) (${report.totalRunSec} s in all)`);
      return 0;
    }
    updateReadme(join(ROOT, 'README.md'), readmeBlock(report) + (extrasMd ? `\n\n${extrasMd}` : ''));
    log(`\nwrote bench/results/latest.{json,md} and the README bench block (${report.totalRunSec} s in all)`);
    return 0;
  } finally {
    await stack.teardown();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
