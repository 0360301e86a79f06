#!/usr/bin/env node
/**
 * Root `postinstall`: generates the Prisma client of every service, offline.
 *
 * The Prisma 7 CLI downloads its native schema engine on start, for every command (see
 * /work/shared/PRISMA-OFFLINE.md); `generate` never uses it. Pointing PRISMA_SCHEMA_ENGINE_BINARY at
 * any existing executable (this very node binary) skips the download.
 *
 * Fast and idempotent: a schema whose client was generated from the same schema text by the same
 * prisma / @prisma/client versions is skipped (stamp file in the output folder). `--force` regenerates.
 * Usage: node scripts/prisma-generate.js [--force] [auth|gateway|billing ...]
 */
'use strict';

const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SERVICES = ['auth', 'gateway', 'billing'];
const STAMP = '.generated-from';

function resolveFrom(request) {
  try {
    return require.resolve(request, { paths: [ROOT] });
  } catch {
    return null;
  }
}

function versionOf(pkg) {
  const file = resolveFrom(`${pkg}/package.json`);
  return file ? JSON.parse(fs.readFileSync(file, 'utf8')).version : 'missing';
}

/** Output folder of the generator block (relative to the schema file). */
function outputDir(schemaFile, text) {
  const m = /generator\s+\w+\s*\{[^}]*?\boutput\s*=\s*"([^"]+)"/s.exec(text);
  if (!m) throw new Error(`${schemaFile}: generator has no output`);
  return path.resolve(path.dirname(schemaFile), m[1]);
}

function run(cli, schemaFile, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'generate', '--schema', schemaFile], { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ code: 1, out: `${out}${err.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const wanted = args.filter((a) => !a.startsWith('--'));
  for (const s of wanted) if (!SERVICES.includes(s)) throw new Error(`unknown service "${s}" (${SERVICES.join('|')})`);
  const services = wanted.length ? wanted : SERVICES;

  const cli = resolveFrom('prisma/build/index.js');
  if (!cli) {
    // e.g. `npm ci --omit=dev`: the CLI is a devDependency; the clients must come from the build stage.
    console.warn('[prisma-generate] prisma CLI not installed; skipping client generation');
    return;
  }

  const env = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  const engine = env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (!engine || !fs.existsSync(path.resolve(ROOT, engine))) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
  const versions = `prisma@${versionOf('prisma')} @prisma/client@${versionOf('@prisma/client')}`;

  const jobs = services.map(async (svc) => {
    const schemaFile = path.join(ROOT, 'prisma', svc, 'schema.prisma');
    const text = fs.readFileSync(schemaFile, 'utf8');
    const out = outputDir(schemaFile, text);
    const stampFile = path.join(out, STAMP);
    const stamp = `${versions} sha256:${crypto.createHash('sha256').update(text).digest('hex')}\n`;
    const upToDate = fs.existsSync(path.join(out, 'client.ts')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
    if (upToDate && !force) return `${svc}: up to date`;

    const { code, out: log } = await run(cli, path.relative(ROOT, schemaFile), env);
    if (code !== 0) throw new Error(`prisma generate failed for ${svc} (exit ${code}):\n${log}`);
    fs.writeFileSync(stampFile, stamp);
    return `${svc}: generated ${path.relative(ROOT, out)}`;
  });

  const results = await Promise.allSettled(jobs);
  let failed = false;
  for (const r of results) {
    if (r.status === 'fulfilled') console.log(`[prisma-generate] ${r.value}`);
    else {
      failed = true;
      console.error(`[prisma-generate] ${r.reason instanceof Error ? r.reason.message : r.reason}`);
    }
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`[prisma-generate] ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
