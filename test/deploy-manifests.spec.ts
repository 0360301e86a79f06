import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Static checks of the files in k8s/: what they say, not what a cluster would do with them
 * (no kustomize render, no schema validation, no admission). `yaml` is already in node_modules.
 */
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Manifest {
  file: string;
  doc: Doc;
}

const K8S = join(__dirname, '..', 'k8s');
const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);
/** Admin listeners: auth 8081, billing 8082 (admin API and webhooks share it for now), gateway catalog 8083. */
const ADMIN_PORTS = new Set([8081, 8082, 8083, 'admin']);
const PLACEHOLDER = /CHANGE_?ME|changeme|change-me/i;

function load(file: string): Manifest[] {
  const docs = parseAllDocuments(readFileSync(join(K8S, file), 'utf8'));
  return docs.map((d) => {
    if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return { file, doc: d.toJS() as Doc };
  }).filter((m) => m.doc);
}

const yamlFiles = readdirSync(K8S).filter((f) => /\.ya?ml$/.test(f)).sort();
const kustomization = load('kustomization.yaml')[0].doc;
const resourceFiles: string[] = kustomization.resources ?? [];
const all = yamlFiles.filter((f) => f !== 'kustomization.yaml').flatMap(load);
const applied = resourceFiles.flatMap(load);

function podSpecOf(doc: Doc): Doc | undefined {
  if (doc.kind === 'CronJob') return doc.spec?.jobTemplate?.spec?.template?.spec;
  return POD_OWNERS.has(doc.kind) ? doc.spec?.template?.spec : undefined;
}

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

describe('k8s manifests', () => {
  it('parse, and the kustomization lists only files that exist', () => {
    expect(yamlFiles).toContain('kustomization.yaml');
    expect(all.length).toBeGreaterThan(0);
    for (const f of resourceFiles) expect(yamlFiles).toContain(f);
  });

  it('apply no Secret with placeholder values and generate none', () => {
    for (const { file, doc } of applied.filter((m) => m.doc.kind === 'Secret')) {
      const values = [
        ...strings(doc.stringData),
        ...strings(doc.data).map((v) => Buffer.from(v, 'base64').toString('utf8')),
      ];
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
          else expect({ path: path.path, service: backend.name, targetPort: port.targetPort }).toEqual({ path: path.path, service: 'gateway', targetPort: 'public' });
        }
      }
    }
  });
});
