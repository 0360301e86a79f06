import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { AuthEnv } from '../../apps/auth/src/config';
import { BillingEnv } from '../../apps/billing/src/config';
import { GatewayEnv } from '../../apps/gateway/src/config';

/** Reading the files of k8s/ for the deploy specs (deploy-manifests, deploy-secrets), not a cluster. */
export type Doc = Record<string, any>;
export interface Manifest {
  file: string;
  doc: Doc;
}

export const ROOT = join(__dirname, '..', '..');
export const K8S = join(ROOT, 'k8s');
/** Each service's env schema, by the name the manifests give it (APP). */
export const SCHEMAS: Record<'gateway' | 'auth' | 'billing', z.ZodObject> = { gateway: GatewayEnv, auth: AuthEnv, billing: BillingEnv };

/**
 * Settings whose value is a URL that can carry a password (`postgresql://user:pw@…`, `redis://:pw@…`,
 * `nats://user:pw@…`): every pod that reads one gets it from a Secret (secretKeyRef), never from a ConfigMap.
 */
export const CREDENTIAL_URLS = ['DATABASE_URL', 'REDIS_URL', 'NATS_URL'];
/** The configs' other URL settings: addresses that carry no credential. A new *_URL must join one of the two lists. */
export const PLAIN_URLS = ['PUBLIC_BASE_URL', 'TOP_UP_SUCCESS_URL', 'TOP_UP_CANCEL_URL', 'AUTH_ADMIN_URL', 'BILLING_ADMIN_URL'];

export const POD_OWNERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** The YAML documents of one file under k8s/, failing on a parse error. */
export function load(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(K8S, file), 'utf8'))
    .map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return { file, doc: d.toJS() as Doc };
    })
    .filter((m) => m.doc);
}

/** The YAML files of k8s/, sorted. */
export const yamlFiles = readdirSync(K8S)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

/** The pod template of a workload (a CronJob's job's too); undefined for anything else. */
export function podSpecOf(doc: Doc): Doc | undefined {
  if (doc.kind === 'CronJob') return doc.spec?.jobTemplate?.spec?.template?.spec;
  return POD_OWNERS.has(doc.kind) ? doc.spec?.template?.spec : undefined;
}
