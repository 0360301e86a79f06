/**
 * Every NATS subject Tollgate uses, versioned. A deployment (or a test file) may put a
 * prefix in front of all of them so that several Tollgates can share one NATS cluster.
 */
export const Subjects = {
  keysVerify: 'auth.keys.verify.v1',
  keysChanged: 'auth.keys.changed.v1',
  meKeys: 'auth.me.keys.v1',
  tenantGet: 'auth.tenants.get.v1',
  tenantsChanged: 'auth.tenants.changed.v1',
  sessionsCreate: 'auth.sessions.create.v1',
  sessionsVerify: 'auth.sessions.verify.v1',
  sessionsRevoke: 'auth.sessions.revoke.v1',
  invitesAccept: 'auth.invites.accept.v1',
  adminsVerify: 'auth.admins.verify.v1',
  adminSessionsEnded: 'auth.admins.sessions-ended.v1',
  portalMe: 'auth.portal.me.v1',
  catalogChanged: 'gateway.catalog.changed.v1',
  usageRecorded: 'billing.usage.recorded.v1',
  usageBatch: 'billing.usage.batch.v1',
  pricesSnapshot: 'billing.prices.snapshot.v1',
  pricesChanged: 'billing.prices.changed.v1',
  balanceGet: 'billing.balance.get.v1',
  requestLogsList: 'billing.request-logs.list.v1',
  usageSummary: 'billing.usage-summary.get.v1',
  statementGet: 'billing.statement.get.v1',
  invoicesList: 'billing.invoices.list.v1',
  invoicePdf: 'billing.invoices.pdf.v1',
  billingProfileGet: 'billing.profile.get.v1',
  billingProfilePut: 'billing.profile.put.v1',
  modelHealth: 'billing.model-health.get.v1',
  topUpCreate: 'billing.top-ups.create.v1',
  alertRaised: 'tenants.alerts.raised.v1',
  meWebhooks: 'billing.me.webhooks.v1',
} as const;

export type SubjectName = keyof typeof Subjects;

/** JetStream stream that holds usage events (subjects `billing.usage.>`). */
export const Streams = {
  usage: { name: 'BILLING_USAGE', subjects: 'billing.usage.>' },
  /** Alerts for tenants' webhook endpoints (subjects `tenants.alerts.>`), consumed by billing. */
  alerts: { name: 'TENANT_ALERTS', subjects: 'tenants.alerts.>' },
} as const;

export function prefixed(prefix: string, subject: string): string {
  return prefix ? `${prefix}.${subject}` : subject;
}

export function streamName(prefix: string, name: string): string {
  return prefix ? `${prefix.replace(/[^A-Za-z0-9_-]/g, '_')}_${name}` : name;
}
