import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { CREDENTIAL_URLS, Doc, K8S, load, PLAIN_URLS, podSpecOf, ROOT, SCHEMAS, yamlFiles } from './support/k8s-manifests';

/**
 * Least privilege for the secrets of k8s/: each pod can read exactly the secret values its own service
 * reads, from a Secret of that service's own. Read from the files (as test/deploy-manifests.spec.ts
 * does), not from a cluster.
 */
type App = keyof typeof SCHEMAS;

const APPS: App[] = ['gateway', 'auth', 'billing'];

/**
 * The secret settings each service's config reads. libs/config marks secrets in no way a test can read
 * (`secret()` is a refinement; billing's webhook secret lists are plain strings), so the table is
 * explicit, and checked against the schemas: a credential added to a config without a line here fails.
 */
const CONFIG_SECRETS: Record<App, string[]> = {
  gateway: ['DATABASE_URL', 'REDIS_URL', 'ADMIN_TOKEN', 'CATALOG_SECRET'],
  auth: ['DATABASE_URL', 'REDIS_URL', 'ADMIN_TOKEN'],
  billing: ['DATABASE_URL', 'REDIS_URL', 'ADMIN_TOKEN', 'WEBHOOK_SECRET_KEY', 'STRIPE_WEBHOOK_SECRETS', 'STANDARD_WEBHOOK_SECRETS', 'STRIPE_SECRET_KEY'],
};
/** A credential by its name, or the database or Redis URL (each carries a password). NATS_URL has a Secret of its own. */
const CREDENTIAL = /(TOKEN|SECRET|SECRETS|SECRET_KEY|PASSWORD)$|^(DATABASE|REDIS)_URL$/;
/** Read outside the config schema, by every service's tracing (startTracing's OTLP exporter): a collector's credentials. */
const TRACING_SECRETS = ['OTEL_EXPORTER_OTLP_HEADERS'];
/** Secret settings whose default only fits a laptop: a cluster must set them, so their reference is not optional. */
const MUST_BE_SET = ['DATABASE_URL', 'REDIS_URL'];

const docs: Doc[] = yamlFiles
  .filter((f) => f !== 'kustomization.yaml')
  .flatMap(load)
  .map((m) => m.doc);
const workloads = docs.filter((doc) => podSpecOf(doc));
const configMaps = docs.filter((doc) => doc.kind === 'ConfigMap');

function containersOf(doc: Doc): Doc[] {
  const pod = podSpecOf(doc)!;
  return [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
}

interface SecretRead {
  env: string;
  secret: string;
  key: string;
  optional: boolean;
}

/** Every secret value a workload's containers get as an env variable (secretKeyRef). */
function secretReads(doc: Doc): SecretRead[] {
  return containersOf(doc).flatMap((c) =>
    ((c.env as Doc[] | undefined) ?? [])
      .filter((e) => e.valueFrom?.secretKeyRef)
      .map((e) => ({
        env: e.name,
        secret: e.valueFrom.secretKeyRef.name,
        key: e.valueFrom.secretKeyRef.key,
        optional: e.valueFrom.secretKeyRef.optional === true,
      })),
  );
}

/** Ways to a Secret that do not name their keys: whatever the Secret holds would reach the pod. */
function wholeSecrets(doc: Doc): string[] {
  const fromEnv = containersOf(doc).flatMap((c) =>
    ((c.envFrom as Doc[] | undefined) ?? []).filter((f) => f.secretRef).map((f) => `envFrom ${f.secretRef.name}`),
  );
  const volumes = ((podSpecOf(doc)!.volumes as Doc[] | undefined) ?? [])
    .filter((v) => v.secret || v.projected?.sources?.some((s: Doc) => s.secret))
    .map((v) => `volume ${v.name}`);
  return [...fromEnv, ...volumes];
}

function workloadOf(app: App): Doc {
  const found = workloads.filter(
    (doc) => doc.kind === 'Deployment' && containersOf(doc).some((c) => c.env?.some((e: Doc) => e.name === 'APP' && e.value === app)),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

const migrateJob = () => workloads.find((doc) => doc.kind === 'Job' && doc.metadata.name === 'tollgate-migrate')!;
const sorted = (keys: Iterable<string>) => [...new Set(keys)].sort();

/** Where a container's value of a setting comes from: its own env entry (`secretKeyRef`, `value`, …), then each ConfigMap it loads holding it. */
function sourcesOf(container: Doc, name: string): string[] {
  const own = ((container.env as Doc[] | undefined) ?? []).filter((e) => e.name === name).map((e) => (e.valueFrom ? Object.keys(e.valueFrom).join() : 'value'));
  const maps = ((container.envFrom as Doc[] | undefined) ?? [])
    .map((f) => configMaps.find((m) => m.metadata.name === f.configMapRef?.name))
    .filter((m): m is Doc => Boolean(m?.data && name in m.data))
    .map((m) => `ConfigMap ${m.metadata.name}`);
  return [...own, ...maps];
}

/** The credential-carrying URLs each workload's program reads: a service's config schema; the migration script's process.env. */
function credentialUrlReaders(): { owner: string; doc: Doc; keys: string[] }[] {
  const migrate = readFileSync(join(ROOT, 'scripts', 'migrate.ts'), 'utf8');
  return [
    ...APPS.map((app) => ({ owner: app, doc: workloadOf(app), keys: CREDENTIAL_URLS.filter((k) => k in SCHEMAS[app].shape) })),
    { owner: 'migrate', doc: migrateJob(), keys: CREDENTIAL_URLS.filter((k) => migrate.includes(`process.env.${k}`)) },
  ];
}

/** KEY=value lines of an env file, commented-out ones (`# KEY=`, an optional key) included. */
function documentedKeys(file: string): { set: string[]; all: string[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const key = (re: RegExp) => lines.map((l) => re.exec(l.trim())?.[1]).filter((k): k is string => Boolean(k));
  return { set: key(/^([A-Z][A-Z0-9_]*)=/), all: key(/^#?\s*([A-Z][A-Z0-9_]*)=/) };
}

/** Whether git ignores a path (k8s/.gitignore). */
function gitIgnores(path: string): boolean {
  try {
    execFileSync('git', ['-C', ROOT, 'check-ignore', '-q', '--no-index', path], { stdio: 'ignore' });
    return true;
  } catch (err) {
    if ((err as { status?: number }).status === 1) return false;
    throw err;
  }
}

describe('k8s secrets: each pod gets only what its service reads', () => {
  it.each(APPS)("%s: the table of secrets is exactly the credentials of the service's config (and it starts tracing)", (app) => {
    const keys = Object.keys(SCHEMAS[app].shape);
    expect(sorted(keys.filter((k) => CREDENTIAL.test(k)))).toEqual(sorted(CONFIG_SECRETS[app]));
    // The tracing credentials are the OpenTelemetry exporter's, read by every service that starts tracing.
    expect(readFileSync(join(ROOT, 'apps', app, 'src', 'main.ts'), 'utf8')).toContain(`startTracing('${app}')`);
  });

  it.each(APPS)('%s: its pod can read exactly the secret keys its service reads, each from its own Secret', (app) => {
    const deployment = workloadOf(app);
    expect(wholeSecrets(deployment)).toEqual([]);
    const reads = secretReads(deployment);
    expect(sorted(reads.map((r) => r.key))).toEqual(sorted([...CONFIG_SECRETS[app], ...TRACING_SECRETS, 'NATS_URL']));
    for (const r of reads) {
      const own = r.key === 'NATS_URL' ? `tollgate-nats-${app}` : `tollgate-${app}-secrets`;
      expect({ key: r.key, env: r.env, secret: r.secret }).toEqual({ key: r.key, env: r.key, secret: own });
    }
  });

  it.each(APPS)('%s: a secret key is optional in the pod exactly where the service starts without it', (app) => {
    const shape = SCHEMAS[app].shape as Record<string, z.ZodType>;
    const reads = secretReads(workloadOf(app)).filter((r) => r.key !== 'NATS_URL');
    const expected = (key: string) => TRACING_SECRETS.includes(key) || (!MUST_BE_SET.includes(key) && shape[key].safeParse(undefined).success);
    expect(reads.map((r) => ({ key: r.key, optional: r.optional }))).toEqual(reads.map((r) => ({ key: r.key, optional: expected(r.key) })));
    expect(reads.filter((r) => !r.optional).map((r) => r.key)).toContain('ADMIN_TOKEN'); // the check can see a required key
  });

  it('let each credential reach only the pods of the services that read it', () => {
    const readers = new Map<string, string[]>();
    for (const doc of workloads) for (const r of secretReads(doc)) readers.set(r.key, sorted([...(readers.get(r.key) ?? []), doc.metadata.name as string]));
    const expected = new Map<string, string[]>();
    for (const app of APPS) for (const key of [...CONFIG_SECRETS[app], ...TRACING_SECRETS]) expected.set(key, sorted([...(expected.get(key) ?? []), app]));
    expected.set('DATABASE_URL', sorted([...expected.get('DATABASE_URL')!, 'tollgate-migrate']));
    readers.delete('NATS_URL'); // one per service, from tollgate-nats-<service>: checked above
    expect(Object.fromEntries([...readers].sort())).toEqual(Object.fromEntries([...expected].sort()));
    expect(readers.get('CATALOG_SECRET')).toEqual(['gateway']);
    for (const key of ['WEBHOOK_SECRET_KEY', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRETS', 'STANDARD_WEBHOOK_SECRETS'])
      expect({ key, readers: readers.get(key) }).toEqual({ key, readers: ['billing'] });
  });

  it('give the migration Job only DATABASE_URL, from a Secret of its own', () => {
    const job = migrateJob();
    expect(wholeSecrets(job)).toEqual([]);
    expect(secretReads(job)).toEqual([{ env: 'DATABASE_URL', secret: 'tollgate-migrate-secrets', key: 'DATABASE_URL', optional: false }]);
  });

  it('document each Secret in its own example file, with exactly the keys the manifests read, and git-ignore the real copy', () => {
    const owners: Record<string, Doc> = { gateway: workloadOf('gateway'), auth: workloadOf('auth'), billing: workloadOf('billing'), migrate: migrateJob() };
    const examples = readdirSync(K8S).filter((f) => f.endsWith('.example.env'));
    expect(examples.sort()).toEqual(
      Object.keys(owners)
        .map((o) => `${o}-secrets.example.env`)
        .sort(),
    );
    for (const [owner, doc] of Object.entries(owners)) {
      const reads = secretReads(doc).filter((r) => r.secret === `tollgate-${owner}-secrets`);
      const documented = documentedKeys(join(K8S, `${owner}-secrets.example.env`));
      expect({ owner, keys: sorted(documented.all) }).toEqual({ owner, keys: sorted(reads.map((r) => r.key)) });
      // A required key is a line to fill in, not a comment.
      expect({ owner, unset: reads.filter((r) => !r.optional && !documented.set.includes(r.key)).map((r) => r.key) }).toEqual({ owner, unset: [] });
      expect({ owner, realCopyIgnored: gitIgnores(`k8s/${owner}-secrets.env`), exampleIgnored: gitIgnores(`k8s/${owner}-secrets.example.env`) }).toEqual({
        owner,
        realCopyIgnored: true,
        exampleIgnored: false,
      });
    }
  });
});

describe('k8s: every URL that can carry a password reaches its pods from a Secret, never from a ConfigMap', () => {
  it("sort every URL setting of the services' configs into credential-carrying or plain", () => {
    const urls = APPS.flatMap((app) => Object.keys(SCHEMAS[app].shape).filter((k) => k.endsWith('_URL')));
    expect(sorted(urls)).toEqual(sorted([...CREDENTIAL_URLS, ...PLAIN_URLS]));
  });

  it('give each pod every credential-carrying URL its program reads by a secretKeyRef alone, and no container one by another way', () => {
    const readers = credentialUrlReaders();
    // The check sees who reads what: each service's InfraEnv, the migration script's DATABASE_URL.
    expect(Object.fromEntries(readers.map((r) => [r.owner, r.keys]))).toEqual({
      gateway: CREDENTIAL_URLS,
      auth: CREDENTIAL_URLS,
      billing: CREDENTIAL_URLS,
      migrate: ['DATABASE_URL'],
    });
    for (const { owner, doc, keys } of readers) {
      const container = containersOf(doc).find((c) => c.name === owner)!;
      const got = Object.fromEntries(keys.map((k) => [k, sourcesOf(container, k)]));
      expect({ owner, got }).toEqual({ owner, got: Object.fromEntries(keys.map((k) => [k, ['secretKeyRef']])) });
    }
    for (const doc of workloads)
      for (const c of containersOf(doc)) {
        const other = CREDENTIAL_URLS.flatMap((k) =>
          sourcesOf(c, k)
            .filter((s) => s !== 'secretKeyRef')
            .map((s) => `${k} from ${s}`),
        );
        expect({ container: `${doc.metadata.name}/${c.name}`, other }).toEqual({ container: `${doc.metadata.name}/${c.name}`, other: [] });
      }
  });
});
