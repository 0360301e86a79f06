import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { GatewayEnv } from '../apps/gateway/src/config';
import { CREDENTIAL_URLS, Doc, K8S, load, POD_OWNERS, podSpecOf, ROOT, SCHEMAS, yamlFiles } from './support/k8s-manifests';

/**
 * Checks of the files in k8s/: what they say, then what `kubectl kustomize` renders from the base and
 * the Prometheus Operator overlay (deploy/k8s/prometheus-operator). Not what a cluster would do with
 * them: no OpenAPI schema validation (no schema files offline) and no admission.
 */

/** Admin listeners: auth 8081, billing 8082 (its payment webhooks listen on 8084), gateway catalog 8083. */
const ADMIN_PORTS = new Set([8081, 8082, 8083, 'admin']);
const PLACEHOLDER = /CHANGE_?ME|changeme|change-me/i;

const kustomization = load('kustomization.yaml')[0].doc;
const resourceFiles: string[] = kustomization.resources ?? [];
const all = yamlFiles.filter((f) => f !== 'kustomization.yaml').flatMap(load);
const applied = resourceFiles.flatMap(load);

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function mebibytes(quantity: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G)?$/.exec(String(quantity));
  if (!m) throw new Error(`unreadable memory quantity ${quantity}`);
  const factor: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, K: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20 };
  return Number(m[1]) * (m[2] ? factor[m[2]] : 1 / 2 ** 20);
}

/** A container's value for an env variable: its own `env`, else a ConfigMap it loads with `envFrom`. */
function envOf(container: Doc, name: string): string | undefined {
  const own = (container.env as Doc[] | undefined)?.find((e) => e.name === name);
  if (own) return own.value;
  for (const from of (container.envFrom as Doc[] | undefined) ?? []) {
    const map = all.find((m) => m.doc.kind === 'ConfigMap' && m.doc.metadata.name === from.configMapRef?.name);
    if (map?.doc.data && name in map.doc.data) return String(map.doc.data[name]);
  }
  return undefined;
}

/** Seconds a container's preStop hook sleeps (0 without one). */
function preStopSeconds(container: Doc): number {
  const command: string[] = container.lifecycle?.preStop?.exec?.command ?? [];
  return command[0] === 'sleep' ? Number(command[1]) : 0;
}

describe('k8s manifests', () => {
  it('parse, and the kustomization lists only files that exist', () => {
    expect(yamlFiles).toContain('kustomization.yaml');
    expect(all.length).toBeGreaterThan(0);
    for (const f of resourceFiles) expect(yamlFiles).toContain(f);
  });

  it('apply no Secret with placeholder values and generate none', () => {
    for (const { file, doc } of applied.filter((m) => m.doc.kind === 'Secret')) {
      const values = [...strings(doc.stringData), ...strings(doc.data).map((v) => Buffer.from(v, 'base64').toString('utf8'))];
      expect({ file, placeholders: values.filter((v) => PLACEHOLDER.test(v)) }).toEqual({ file, placeholders: [] });
    }
    expect(kustomization.secretGenerator ?? []).toEqual([]);
  });

  it('run every container under Pod Security "restricted" settings', () => {
    const workloads = all.filter((m) => podSpecOf(m.doc));
    expect(workloads.length).toBeGreaterThanOrEqual(4);
    for (const { file, doc } of workloads) {
      const pod = podSpecOf(doc)!;
      const containers: Doc[] = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
      for (const c of containers) {
        const sc = c.securityContext ?? {};
        const where = `${file} ${doc.kind}/${doc.metadata.name} container ${c.name}`;
        expect({ where, allowPrivilegeEscalation: sc.allowPrivilegeEscalation }).toEqual({ where, allowPrivilegeEscalation: false });
        expect({ where, drop: sc.capabilities?.drop ?? [] }).toEqual({ where, drop: expect.arrayContaining(['ALL']) });
        expect({ where, runAsNonRoot: sc.runAsNonRoot ?? pod.securityContext?.runAsNonRoot }).toEqual({ where, runAsNonRoot: true });
        expect({ where, seccomp: (sc.seccompProfile ?? pod.securityContext?.seccompProfile)?.type }).toEqual({ where, seccomp: 'RuntimeDefault' });
        expect({ where, readOnlyRootFilesystem: sc.readOnlyRootFilesystem }).toEqual({ where, readOnlyRootFilesystem: true });
      }
    }
  });

  it('leave the replica count of an HPA-scaled Deployment to the HPA', () => {
    const hpas = all.filter((m) => m.doc.kind === 'HorizontalPodAutoscaler');
    expect(hpas.length).toBeGreaterThan(0);
    for (const { doc: hpa } of hpas) {
      const target = all.find((m) => m.doc.kind === hpa.spec.scaleTargetRef.kind && m.doc.metadata.name === hpa.spec.scaleTargetRef.name);
      expect(target).toBeDefined();
      expect(target!.doc.spec).not.toHaveProperty('replicas');
    }
  });

  it('migrate in a Job, never in serving pods, and give every Deployment a startup probe', () => {
    const config = applied.find((m) => m.doc.kind === 'ConfigMap' && m.doc.data && 'MIGRATE_ON_START' in m.doc.data);
    expect(config?.doc.data.MIGRATE_ON_START).toBe('false');
    const migrate = applied.filter((m) => m.doc.kind === 'Job' && strings(podSpecOf(m.doc)?.containers).includes('dist/scripts/migrate.js'));
    expect(migrate).toHaveLength(1);
    for (const { doc } of all.filter((m) => m.doc.kind === 'Deployment')) {
      for (const c of podSpecOf(doc)!.containers as Doc[]) {
        expect({ name: c.name, startupProbe: Boolean(c.startupProbe) }).toEqual({ name: c.name, startupProbe: true });
        const env: Doc[] = c.env ?? [];
        expect(env.find((e) => e.name === 'MIGRATE_ON_START')?.value ?? 'false').toBe('false');
      }
    }
  });

  it('request at least the gateway its measured idle memory (~245 MiB)', () => {
    const gateway = all.find((m) => m.doc.kind === 'Deployment' && m.doc.metadata.name === 'gateway')!;
    for (const c of podSpecOf(gateway.doc)!.containers as Doc[]) {
      expect(mebibytes(c.resources.requests.memory)).toBeGreaterThanOrEqual(300);
    }
  });

  it('expose no admin port through a LoadBalancer or NodePort Service, nor through an Ingress', () => {
    const services = all.filter((m) => m.doc.kind === 'Service');
    for (const { doc } of services.filter((m) => ['LoadBalancer', 'NodePort'].includes(m.doc.spec?.type))) {
      for (const p of doc.spec.ports as Doc[]) {
        expect([p.port, p.targetPort, p.name].filter((v) => ADMIN_PORTS.has(v))).toEqual([]);
      }
    }
    const ingresses = all.filter((m) => m.doc.kind === 'Ingress');
    expect(ingresses.length).toBeGreaterThan(0);
    for (const { doc } of ingresses) {
      for (const rule of doc.spec.rules as Doc[]) {
        for (const path of rule.http.paths as Doc[]) {
          const backend = path.backend.service;
          const svc = services.find((m) => m.doc.metadata.name === backend.name);
          expect(svc).toBeDefined();
          const port = (svc!.doc.spec.ports as Doc[]).find((p) => p.name === backend.port.name || p.port === backend.port.number)!;
          // Only the gateway's public port at any path, and billing's listener for the payment webhooks only.
          if (path.path.startsWith('/webhooks/payments')) expect(svc!.doc.spec.selector['app.kubernetes.io/name']).toBe('billing');
          else
            expect({ path: path.path, service: backend.name, targetPort: port.targetPort }).toEqual({
              path: path.path,
              service: 'gateway',
              targetPort: 'public',
            });
        }
      }
    }
  });

  it('give every pod more grace than its preStop sleep', () => {
    for (const { doc } of all.filter((m) => m.doc.kind === 'Deployment')) {
      const pod = podSpecOf(doc)!;
      const grace = pod.terminationGracePeriodSeconds ?? 30;
      for (const c of pod.containers as Doc[]) expect({ name: c.name, room: grace - preStopSeconds(c) > 0 }).toEqual({ name: c.name, room: true });
    }
  });

  it("fit the gateway's drain in its grace period: no call in flight at a rollout is cut or killed", () => {
    const gateway = all.find((m) => m.doc.kind === 'Deployment' && m.doc.metadata.name === 'gateway')!;
    const pod = podSpecOf(gateway.doc)!;
    const container = (pod.containers as Doc[]).find((c) => c.name === 'gateway')!;
    // The manifests' own values, else the gateway's defaults: the same numbers a pod runs with.
    const setting = (name: 'SHUTDOWN_GRACE_MS' | 'UPSTREAM_DEADLINE_MS') => GatewayEnv.shape[name].parse(envOf(container, name));
    const shutdownGraceS = setting('SHUTDOWN_GRACE_MS') / 1000;
    const deadlineS = setting('UPSTREAM_DEADLINE_MS') / 1000;
    const flushS = 10; // UsagePublisher.flush's own bound, after the drain
    // A call may run UPSTREAM_DEADLINE_MS; one in flight at SIGTERM must be allowed to finish...
    expect(shutdownGraceS).toBeGreaterThanOrEqual(deadlineS);
    // ...and the kubelet must not SIGKILL before preStop, the drain and the usage flush are done.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStopSeconds(container) + shutdownGraceS + flushS);
  });

  it('trust a bounded number of proxy hops in front of the gateway, never any proxy', () => {
    const gateway = all.find((m) => m.doc.kind === 'Deployment' && m.doc.metadata.name === 'gateway')!;
    const container = (podSpecOf(gateway.doc)!.containers as Doc[]).find((c) => c.name === 'gateway')!;
    const trust = GatewayEnv.shape.TRUST_PROXY.parse(envOf(container, 'TRUST_PROXY'));
    expect(trust).toBe(1); // the ingress controller, the only way in from outside (ingress.yaml)
  });
});

/** KEY=value lines of an env file (comments and blanks skipped). */
function envFileKeys(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l.trim())?.[1])
    .filter((k): k is string => Boolean(k));
}

/** Settings with a default that only fits a laptop (127.0.0.1): a cluster must set them. */
const LOCAL_DEFAULTS: Record<string, string[]> = {
  gateway: ['DATABASE_URL', 'REDIS_URL', 'NATS_URL'],
  auth: ['DATABASE_URL', 'REDIS_URL', 'NATS_URL'],
  billing: ['DATABASE_URL', 'REDIS_URL', 'NATS_URL', 'PUBLIC_BASE_URL'],
};
/** A setting holding a credential, by its name. */
const SECRET_NAME = /(TOKEN|SECRET|SECRETS|SECRET_KEY|PASSWORD)$/;

describe('k8s manifests: every setting a service needs', () => {
  // The per-service Secret examples (<app>-secrets.example.env); test/deploy-secrets.spec.ts checks who reads which key.
  const secretKeys = readdirSync(K8S)
    .filter((f) => f.endsWith('-secrets.example.env'))
    .flatMap((f) => envFileKeys(join(K8S, f)));
  const deployments = all.filter((m) => m.doc.kind === 'Deployment');

  /** Names a container gets: its own env (secrets included: each is named by a secretKeyRef) and the ConfigMaps it loads. */
  function provided(container: Doc): Set<string> {
    const names = new Set<string>(((container.env as Doc[] | undefined) ?? []).map((e) => e.name as string));
    for (const from of (container.envFrom as Doc[] | undefined) ?? []) {
      const map = all.find((m) => m.doc.kind === 'ConfigMap' && m.doc.metadata.name === from.configMapRef?.name);
      Object.keys(map?.doc.data ?? {}).forEach((k) => names.add(k));
    }
    return names;
  }

  it.each(Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[])('%s: every variable without a default, and every one whose default is local, is set', (app) => {
    const deployment = deployments.find((m) => podSpecOf(m.doc)!.containers.some((c: Doc) => envOf(c, 'APP') === app));
    expect(deployment).toBeDefined();
    const container = (podSpecOf(deployment!.doc)!.containers as Doc[]).find((c) => envOf(c, 'APP') === app)!;
    const shape = SCHEMAS[app].shape as Record<string, z.ZodType>;
    const required = Object.keys(shape).filter((k) => !shape[k].safeParse(undefined).success);
    expect(required.length).toBeGreaterThan(0); // ADMIN_TOKEN at least: the check can see a missing one
    const names = provided(container);
    expect([...required, ...LOCAL_DEFAULTS[app]].filter((k) => !names.has(k))).toEqual([]);
  });

  it('document every credential a service reads in the Secret example, and put none in a ConfigMap', () => {
    const credentials = new Set(Object.values(SCHEMAS).flatMap((schema) => Object.keys(schema.shape).filter((k) => SECRET_NAME.test(k))));
    expect(credentials).toEqual(
      new Set(['ADMIN_TOKEN', 'CATALOG_SECRET', 'WEBHOOK_SECRET_KEY', 'STRIPE_WEBHOOK_SECRETS', 'STANDARD_WEBHOOK_SECRETS', 'STRIPE_SECRET_KEY']),
    );
    expect([...credentials].filter((k) => !secretKeys.includes(k))).toEqual([]);
    for (const { doc } of all.filter((m) => m.doc.kind === 'ConfigMap')) {
      expect(Object.keys(doc.data ?? {}).filter((k) => SECRET_NAME.test(k) || CREDENTIAL_URLS.includes(k))).toEqual([]);
    }
  });

  it("give each service its own NATS user: NATS_URL from a Secret of that service's alone", () => {
    for (const { doc } of deployments) {
      for (const c of podSpecOf(doc)!.containers as Doc[]) {
        const nats = (c.env as Doc[]).find((e) => e.name === 'NATS_URL');
        expect({ app: envOf(c, 'APP'), secret: nats?.valueFrom?.secretKeyRef }).toEqual({
          app: envOf(c, 'APP'),
          secret: { name: `tollgate-nats-${envOf(c, 'APP')}`, key: 'NATS_URL' },
        });
      }
    }
  });
});

/** kubectl on PATH (or /usr/bin), or null. */
function kubectlBinary(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'].filter(Boolean)) {
    try {
      accessSync(join(dir, 'kubectl'), constants.X_OK);
      return join(dir, 'kubectl');
    } catch {
      // not here
    }
  }
  return null;
}

const kubectl = kubectlBinary();

function render(dir: string): Doc[] {
  const out = execFileSync(kubectl!, ['kustomize', join(ROOT, dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Doc)
    .filter(Boolean);
}

(kubectl ? describe : describe.skip)(kubectl ? 'k8s rendered with kustomize' : 'k8s rendered with kustomize: SKIPPED, no kubectl on PATH', () => {
  const base = render('k8s');
  const withMonitoring = render('deploy/k8s/prometheus-operator');
  const named = (docs: Doc[], kind: string, name: string) => docs.find((d) => d.kind === kind && d.metadata.name === name);

  it('render every object whole: apiVersion, kind, a name, the tollgate namespace, and no Secret', () => {
    for (const docs of [base, withMonitoring]) {
      for (const d of docs) {
        const where = `${d.kind}/${d.metadata?.name}`;
        expect({ where, apiVersion: typeof d.apiVersion, kind: typeof d.kind, name: typeof d.metadata?.name }).toEqual({
          where,
          apiVersion: 'string',
          kind: 'string',
          name: 'string',
        });
        if (d.kind !== 'Namespace') expect({ where, namespace: d.metadata.namespace }).toEqual({ where, namespace: 'tollgate' });
        if (POD_OWNERS.has(d.kind)) expect({ where, containers: podSpecOf(d)?.containers?.length > 0 }).toEqual({ where, containers: true });
      }
      expect(docs.filter((d) => d.kind === 'Secret')).toEqual([]);
    }
  });

  it('keep the base free of Prometheus Operator kinds; the overlay adds only its ServiceMonitor and scrape policy', () => {
    expect(base.filter((d) => String(d.apiVersion).startsWith('monitoring.coreos.com'))).toEqual([]);
    const key = (d: Doc) => `${d.kind}/${d.metadata.name}`;
    const added = withMonitoring.map(key).filter((k) => !base.map(key).includes(k));
    expect(added.sort()).toEqual(['NetworkPolicy/prometheus-scrape', 'ServiceMonitor/tollgate']);
  });

  it("scrape /metrics on each service's admin port, and let the monitoring namespace's Prometheus reach exactly those ports", () => {
    const monitor = named(withMonitoring, 'ServiceMonitor', 'tollgate')!;
    const selector: Record<string, string> = monitor.spec.selector.matchLabels;
    const scraped = withMonitoring.filter((d) => d.kind === 'Service' && Object.entries(selector).every(([k, v]) => d.metadata.labels?.[k] === v));
    expect(scraped.map((s) => s.metadata.name).sort()).toEqual(['auth-admin', 'billing', 'gateway-admin']);
    const targetPorts = new Set<number>();
    for (const endpoint of monitor.spec.endpoints as Doc[]) {
      expect(endpoint.path).toBe('/metrics');
      for (const svc of scraped) {
        const port = (svc.spec.ports as Doc[]).find((p) => p.name === endpoint.port);
        expect({ service: svc.metadata.name, port: port?.name }).toEqual({ service: svc.metadata.name, port: endpoint.port });
        // The Service's targetPort, resolved on the pods it selects, is the service's admin listener.
        const app = svc.spec.selector['app.kubernetes.io/name'];
        const pod = podSpecOf(named(withMonitoring, 'Deployment', app)!)!;
        const container = (pod.containers as Doc[]).find((c) =>
          (c.ports as Doc[]).some((p) => p.name === port!.targetPort || p.containerPort === port!.targetPort),
        )!;
        const containerPort = (container.ports as Doc[]).find((p) => p.name === port!.targetPort || p.containerPort === port!.targetPort)!
          .containerPort as number;
        expect({ service: svc.metadata.name, admin: ADMIN_PORTS.has(containerPort) }).toEqual({ service: svc.metadata.name, admin: true });
        targetPorts.add(containerPort);
      }
    }
    const policy = named(withMonitoring, 'NetworkPolicy', 'prometheus-scrape')!;
    const [rule] = policy.spec.ingress as Doc[];
    expect(rule.from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      },
    ]);
    expect(new Set((rule.ports as Doc[]).map((p) => p.port))).toEqual(targetPorts);
    // The policy selects the pods behind every scraped Service.
    for (const svc of scraped) {
      const labels = named(withMonitoring, 'Deployment', svc.spec.selector['app.kubernetes.io/name'])!.spec.template.metadata.labels;
      expect(Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => labels[k] === v)).toBe(true);
    }
  });

  it('use only API versions a current cluster serves for each kind (no schema files offline: the known built-ins and the operator CRD)', () => {
    const served: Record<string, string> = {
      Namespace: 'v1',
      ConfigMap: 'v1',
      Service: 'v1',
      Deployment: 'apps/v1',
      Job: 'batch/v1',
      PodDisruptionBudget: 'policy/v1',
      HorizontalPodAutoscaler: 'autoscaling/v2',
      NetworkPolicy: 'networking.k8s.io/v1',
      Ingress: 'networking.k8s.io/v1',
      ServiceMonitor: 'monitoring.coreos.com/v1',
    };
    for (const d of withMonitoring)
      expect({ kind: d.kind, apiVersion: d.apiVersion }).toEqual({ kind: d.kind, apiVersion: served[d.kind] ?? 'a kind this test knows' });
  });

  it('select something with every selector: Deployments their own pods, Services, budgets and policies running pods', () => {
    const pods = withMonitoring
      .filter((d) => POD_OWNERS.has(d.kind))
      .map((d) => ({ owner: `${d.kind}/${d.metadata.name}`, labels: d.spec.template.metadata?.labels ?? {} }));
    const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    for (const d of withMonitoring.filter((x) => x.kind === 'Deployment')) {
      expect({ deployment: d.metadata.name, own: matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels) }).toEqual({
        deployment: d.metadata.name,
        own: true,
      });
    }
    const selectors = [
      ...withMonitoring.filter((d) => d.kind === 'Service').map((d) => ({ what: `Service/${d.metadata.name}`, selector: d.spec.selector })),
      ...withMonitoring.filter((d) => d.kind === 'PodDisruptionBudget').map((d) => ({ what: `PDB/${d.metadata.name}`, selector: d.spec.selector.matchLabels })),
      ...withMonitoring
        .filter((d) => d.kind === 'NetworkPolicy' && Object.keys(d.spec.podSelector.matchLabels ?? {}).length)
        .map((d) => ({ what: `NetworkPolicy/${d.metadata.name}`, selector: d.spec.podSelector.matchLabels })),
    ];
    expect(selectors.length).toBeGreaterThan(8);
    for (const { what, selector } of selectors) {
      expect({ what, selects: pods.filter((p) => p.owner.startsWith('Deployment/') && matches(selector, p.labels)).map((p) => p.owner).length > 0 }).toEqual({
        what,
        selects: true,
      });
    }
  });

  it('spread gateway, auth and billing pods across nodes', () => {
    for (const app of ['gateway', 'auth', 'billing']) {
      const spread: Doc[] = podSpecOf(named(base, 'Deployment', app)!)!.topologySpreadConstraints ?? [];
      expect(spread).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { 'app.kubernetes.io/name': app } } }),
        ]),
      );
    }
  });
});
