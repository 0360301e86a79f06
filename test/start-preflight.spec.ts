import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PREFLIGHT = resolve(__dirname, '../scripts/preflight.js');

/**
 * `npm start`'s first step: Postgres, Redis and NATS must answer. A missing one is started with
 * Docker when an engine answers; otherwise the check says exactly how to start it. A stand-in
 * `docker` on PATH records how it is called (this machine has no Docker engine).
 */
describe('npm start: missing backing services', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tollgate-preflight-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fakeDocker(engineAnswers: boolean): string {
    const log = join(dir, 'docker.log');
    const script = join(dir, 'docker');
    writeFileSync(script, `#!/bin/sh\necho "$@" >> ${log}\nif [ "$1" = info ]; then exit ${engineAnswers ? 0 : 1}; fi\nexit 0\n`);
    chmodSync(script, 0o755);
    return log;
  }

  function preflight(): { status: number | null; stderr: string } {
    // Postgres at a port nothing listens on; Redis and NATS are this machine's own.
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH}`, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/tollgate', TOLLGATE_NO_DOCKER: '' };
    const r = spawnSync(process.execPath, [PREFLIGHT], { env, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status, stderr: r.stderr };
  }

  it('starts what is missing with docker compose when a Docker engine answers, and still refuses if it did not come up', () => {
    const log = fakeDocker(true);
    const r = preflight();
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['info --format {{.ServerVersion}}', 'compose up -d --wait postgres']);
    expect(r.stderr).toContain('Starting Postgres with Docker (docker compose up -d --wait postgres)');
    // The stand-in started nothing: Postgres is still missing, and npm start stops.
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('✗ Postgres is not reachable at 127.0.0.1:1');
  });

  it('says exactly how to start them when no Docker engine answers, and starts nothing', () => {
    const log = fakeDocker(false);
    const r = preflight();
    expect(readFileSync(log, 'utf8').trim()).toBe('info --format {{.ServerVersion}}');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('✗ Postgres is not reachable at 127.0.0.1:1');
    expect(r.stderr).toContain('Start them with:  docker compose up -d postgres');
    expect(r.stderr).not.toContain('Redis');
  });
});
