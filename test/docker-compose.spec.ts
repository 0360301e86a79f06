import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { parse, parseAllDocuments } from 'yaml';
import { AuthEnv } from '../apps/auth/src/config';
import { BillingEnv } from '../apps/billing/src/config';
import { GatewayEnv } from '../apps/gateway/src/config';
import { GATEWAY_NODE_ENV, GATEWAY_NODE_FLAGS } from '../apps/gateway/src/node-flags';
import * as seed from '../scripts/start/seed';

/**
 * docker-compose.yml as Compose would read it (`docker compose config` cannot run here: no Compose
 * plugin, no Docker engine): YAML with merge keys, `${VAR:-default}` interpolation and `$$` escapes.
 */
type Doc = Record<string, any>;

const ROOT = join(__dirname, '..');
const FLUSH_S = 10; // UsagePublisher.flush's own bound, after the drain

/** Compose's interpolation of one string: `${VAR:-default}` / `${VAR}` from `env`, `$$` a literal `$`. */
function interpolate(value: string, env: NodeJS.ProcessEnv): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (m, name: string | undefined, fallback: string | undefined) => {
    if (m === '$$') return '$';
    return env[name!] || fallback || '';
  });
}

function deepInterpolate(value: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => deepInterpolate(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepInterpolate(v, env)]));
  return value;
}

function composeConfig(env: NodeJS.ProcessEnv = {}): Doc {
  return deepInterpolate(parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }), env) as Doc;
}

/** "45s", "1m30s", "500ms" in seconds. */
function durationSeconds(d: string): number {
  let total = 0;
  for (const [, n, unit] of String(d).matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g))
    total += Number(n) * { ms: 0.001, s: 1, m: 60, h: 3600 }[unit as 'ms' | 's' | 'm' | 'h'];
  return total;
}

const config = composeConfig();
const services: Record<string, Doc> = config.services;
const TOLLGATE_IMAGE = 'tollgate:local';
const isOneShot = (s: Doc) => s.restart === 'no';
/** A service whose health Compose can know: its own healthcheck, or the image's HEALTHCHECK (Dockerfile). */
const hasHealthcheck = (s: Doc) =>
  s.healthcheck ? !s.healthcheck.disable : s.image === TOLLGATE_IMAGE && /^HEALTHCHECK /m.test(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));

describe('docker-compose.yml', () => {
  it('brings up the whole platform: backing services, migrations, the three services, the demo upstream and seed', () => {
    expect(Object.keys(services).sort()).toEqual([
      'auth',
      'billing',
      'demo-secrets',
      'gateway',
      'migrate',
      'mock-upstream',
      'nats',
      'postgres',
      'redis',
      'seed',
    ]);
    for (const app of ['auth', 'billing', 'gateway']) {
      expect(services[app].environment.APP).toBe(app);
      expect(existsSync(join(ROOT, 'apps', app, 'src', 'main.ts'))).toBe(true);
    }
    expect(services['mock-upstream'].command).toEqual(['node', 'dist/apps/mock-upstream/src/main.js']);
    expect(existsSync(join(ROOT, 'apps', 'mock-upstream', 'src', 'main.ts'))).toBe(true);
    // The seed runs scripts/start/seed.ts's exports, compiled: they must still exist under these names.
    const seedScript = services.seed.command.join(' ');
    // The seed's inline program compiles (as sh hands it to node -e).
    const program = /exec node -e "([\s\S]*)"$/.exec(services.seed.command[2])?.[1];
    expect(program).toBeDefined();
    expect(() => new Script(program!)).not.toThrow();
    for (const name of ['seedDemo', 'seedAdmin', 'DEMO_PORTAL_EMAIL', 'DEMO_ADMIN_EMAIL'] as const) {
      expect(seedScript).toContain(`seed.${name}`);
      expect(seed[name]).toBeDefined();
    }
  });

  it('starts each service only once what it needs is healthy (or, for one-shot steps, has finished)', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries<Doc>(svc.depends_on ?? {})) {
        const target = services[dep];
        const where = `${name} → ${dep}`;
        expect({ where, exists: Boolean(target) }).toEqual({ where, exists: true });
        if (isOneShot(target)) expect({ where, condition }).toEqual({ where, condition: 'service_completed_successfully' });
        else {
          expect({ where, condition }).toEqual({ where, condition: 'service_healthy' });
          expect({ where, healthcheck: hasHealthcheck(target) }).toEqual({ where, healthcheck: true });
        }
      }
    }
    expect(Object.keys(services.gateway.depends_on).sort()).toEqual(['auth', 'billing', 'demo-secrets', 'migrate', 'nats', 'redis']);
    expect(Object.keys(services.seed.depends_on).sort()).toEqual(['auth', 'billing', 'gateway', 'mock-upstream']);
    // Long-running services come back after a crash or a reboot; one-shot steps run once.
    for (const [name, svc] of Object.entries(services))
      expect({ name, restart: svc.restart }).toEqual({ name, restart: isOneShot(svc) ? 'no' : 'unless-stopped' });
  });

  it("gives the gateway's drain and usage flush time before Docker's SIGKILL", () => {
    const gateway = services.gateway;
    const shutdownGraceS = GatewayEnv.shape.SHUTDOWN_GRACE_MS.parse(gateway.environment.SHUTDOWN_GRACE_MS) / 1000;
    expect(shutdownGraceS).toBeGreaterThan(0);
    // Docker's default is 10 s: without stop_grace_period a stream in flight at `docker compose stop` is killed unbilled.
    expect(durationSeconds(gateway.stop_grace_period)).toBeGreaterThan(shutdownGraceS + FLUSH_S);
  });

  it('lets the demo route to the mock upstream on the compose network, and says it is a demo', () => {
    expect(GatewayEnv.shape.ALLOW_PRIVATE_UPSTREAMS.parse(services.gateway.environment.ALLOW_PRIVATE_UPSTREAMS)).toBe(true);
    const text = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
    expect(text).toMatch(/# DEMO: the mock upstream is on this private network/);
    expect(text).toMatch(/# DEMO ONLY: generates, once, every secret/);
  });

  describe('demo secrets', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tollgate-demo-secrets-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** Runs demo-secrets' command as Compose would (interpolated), writing into `dir`. */
    function generate(): string {
      const file = join(dir, 'secrets.env');
      const [node, flag, script] = services['demo-secrets'].command as string[];
      expect([node, flag]).toEqual(['node', '-e']);
      execFileSync(process.execPath, ['-e', script], { env: { DEMO_SECRETS_FILE: file }, stdio: 'pipe' });
      return file;
    }

    /** The environment a service's `sh -c '. secrets.env && …'` ends up with, given what Compose passed in. */
    function sourced(file: string, env: NodeJS.ProcessEnv): Record<string, string> {
      const out = execFileSync('sh', ['-c', `. '${file}' && env`], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
      return Object.fromEntries(
        out
          .split('\n')
          .filter((l) => l.includes('='))
          .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }

    it('generates every secret the services require, accepted by their own validation, and keeps them across restarts', () => {
      const file = generate();
      const before = readFileSync(file, 'utf8');
      expect(before).toMatch(/^# DEMO ONLY/);
      const env = sourced(file, { ADMIN_TOKEN: '', CATALOG_SECRET: '' }); // what `${ADMIN_TOKEN:-}` gives without .env
      const required = { ...AuthEnv.shape, ...BillingEnv.shape, ...GatewayEnv.shape };
      for (const name of ['ADMIN_TOKEN', 'CATALOG_SECRET', 'WEBHOOK_SECRET_KEY'] as const) {
        expect({ name, accepted: required[name].safeParse(env[name]).success && Boolean(env[name]) }).toEqual({ name, accepted: true });
      }
      expect(env.DEMO_ADMIN_PASSWORD).toMatch(/^demo[0-9a-f]{48}$/);
      expect(env.DEMO_PORTAL_PASSWORD).not.toBe(env.DEMO_ADMIN_PASSWORD);
      generate(); // the next `docker compose up`: the same secrets, or stored upstream credentials become unreadable
      expect(readFileSync(file, 'utf8')).toBe(before);
    });

    it('never overrides a secret set in .env or the environment', () => {
      const file = generate();
      const own = 'operator-chosen-admin-token-0123456789';
      const env = sourced(file, { ADMIN_TOKEN: own });
      expect(env.ADMIN_TOKEN).toBe(own);
      expect(env.CATALOG_SECRET).toMatch(/^demo[0-9a-f]{48}$/);
      // And Compose passes .env's value through to each service.
      expect(composeConfig({ ADMIN_TOKEN: own }).services.billing.environment.ADMIN_TOKEN).toBe(own);
    });

    it('reaches every Tollgate service: each sources the file before it starts', () => {
      for (const name of ['auth', 'billing', 'gateway', 'seed']) {
        const svc = services[name];
        expect({ name, sources: /^\. \/run\/tollgate-demo\/secrets\.env && exec node /.test(svc.command[2]) }).toEqual({ name, sources: true });
        expect(svc.volumes).toContain('demo-secrets:/run/tollgate-demo:ro');
        expect(svc.depends_on['demo-secrets'] ?? services.gateway.depends_on['demo-secrets']).toEqual({ condition: 'service_completed_successfully' });
      }
    });
  });
});

describe('Dockerfile (the image compose and k8s run)', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const engines: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node;
  /** Majors a `^a.b.c || ^x.y.z` range admits. */
  const engineMajors = engines.split('||').map((r) => Number(/\^(\d+)\./.exec(r.trim())?.[1]));

  it('ships a supported Node LTS, and package.json engines admits both it and the Node the tests run on', () => {
    const image = /^ARG NODE_IMAGE=node:(\d+)[-.@\w:]*$/m.exec(dockerfile);
    expect(image).not.toBeNull();
    const major = Number(image![1]);
    expect(major).toBeGreaterThanOrEqual(22); // 20 is end-of-life
    expect(major % 2).toBe(0); // LTS lines are even
    expect(engineMajors).toContain(major);
    expect(engineMajors).toContain(Number(process.versions.node.split('.')[0]));
  });

  it('installs the runtime without dev or optional dependencies, labels the image and checks its health', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev --omit=optional/);
    for (const label of ['title', 'description', 'licenses', 'version', 'revision', 'created', 'source'])
      expect(dockerfile).toContain(`org.opencontainers.image.${label}=`);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\/health\/live/m);
    expect(dockerfile).toMatch(/^USER 1000:1000$/m);
  });
});

describe("the gateway's Node options (apps/gateway/src/node-flags.ts)", () => {
  it('are the ones the image and the k8s Deployment start the gateway with, in the environment they name', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    const cmd = /^CMD .*\$APP\\?" = gateway \] && echo ([^)]*)\)/m.exec(dockerfile);
    expect(cmd?.[1].split(' ')).toEqual(GATEWAY_NODE_FLAGS);
    const exported = /^CMD .*\$APP\\?" = gateway \] && export ([^;]*);/m.exec(dockerfile);
    expect(Object.fromEntries((exported?.[1].split(' ') ?? []).map((kv) => kv.split('=')))).toEqual(GATEWAY_NODE_ENV);
    type Container = { name: string; args: string[]; env: { name: string; value?: string }[] };
    const deployment = parseAllDocuments(readFileSync(join(ROOT, 'k8s', 'gateway.yaml'), 'utf8'))
      .map((d) => d.toJS() as { kind?: string; spec?: { template: { spec: { containers: Container[] } } } })
      .find((d) => d.kind === 'Deployment')!;
    const gateway = deployment.spec!.template.spec.containers.find((c) => c.name === 'gateway')!;
    expect(gateway.args).toEqual(['node', ...GATEWAY_NODE_FLAGS, 'dist/apps/gateway/src/main.js']);
    for (const [name, value] of Object.entries(GATEWAY_NODE_ENV)) expect(gateway.env).toContainEqual({ name, value });
  });
});
