import type { z } from 'zod';
import { AlertRaised, MeWebhooksReply, MeWebhooksRequest } from './alerts';
import { AdminSessionsEnded, AdminVerifyReply, AdminVerifyRequest } from './admins';
import { KeyChangedEvent, TenantChangedEvent, TenantGetReply, TenantGetRequest, VerifyKeyReply, VerifyKeyRequest } from './auth';
import {
  BalanceReply,
  BalanceRequest,
  InvoicePdfReply,
  InvoicePdfRequest,
  InvoicesReply,
  InvoicesRequest,
  PricesChangedEvent,
  PricesSnapshotReply,
  PricesSnapshotRequest,
  RequestLogsQuery,
  RequestLogsReply,
  StatementReply,
  StatementRequest,
  UsageSummaryReply,
  UsageSummaryRequest,
} from './billing';
import { BillingProfile, BillingProfileGetRequest, BillingProfilePutRequest } from './billing-profile';
import { CatalogChangedEvent } from './catalog';
import { ModelHealthReply, ModelHealthRequest } from './model-health';
import { MeKeysReply, MeKeysRequest } from './me-keys';
import { PortalMeReply, PortalMeRequest } from './me-portal';
import {
  InviteAcceptReply,
  InviteAcceptRequest,
  SessionCreateReply,
  SessionCreateRequest,
  SessionRevokeReply,
  SessionRevokeRequest,
  SessionVerifyReply,
  SessionVerifyRequest,
} from './portal';
import { TopUpCreateReply, TopUpCreateRequest } from './top-ups';
import { UsageBatch, UsageRecorded } from './usage';

/** Subject name → payload schemas. Publishers and handlers agree at compile time. */
export const Messages = {
  keysVerify: { request: VerifyKeyRequest, reply: VerifyKeyReply },
  keysChanged: { event: KeyChangedEvent },
  meKeys: { request: MeKeysRequest, reply: MeKeysReply },
  tenantGet: { request: TenantGetRequest, reply: TenantGetReply },
  tenantsChanged: { event: TenantChangedEvent },
  sessionsCreate: { request: SessionCreateRequest, reply: SessionCreateReply },
  sessionsVerify: { request: SessionVerifyRequest, reply: SessionVerifyReply },
  sessionsRevoke: { request: SessionRevokeRequest, reply: SessionRevokeReply },
  invitesAccept: { request: InviteAcceptRequest, reply: InviteAcceptReply },
  adminsVerify: { request: AdminVerifyRequest, reply: AdminVerifyReply },
  adminSessionsEnded: { event: AdminSessionsEnded },
  portalMe: { request: PortalMeRequest, reply: PortalMeReply },
  catalogChanged: { event: CatalogChangedEvent },
  usageRecorded: { event: UsageRecorded },
  usageBatch: { event: UsageBatch },
  pricesSnapshot: { request: PricesSnapshotRequest, reply: PricesSnapshotReply },
  pricesChanged: { event: PricesChangedEvent },
  balanceGet: { request: BalanceRequest, reply: BalanceReply },
  requestLogsList: { request: RequestLogsQuery, reply: RequestLogsReply },
  usageSummary: { request: UsageSummaryRequest, reply: UsageSummaryReply },
  statementGet: { request: StatementRequest, reply: StatementReply },
  invoicesList: { request: InvoicesRequest, reply: InvoicesReply },
  invoicePdf: { request: InvoicePdfRequest, reply: InvoicePdfReply },
  billingProfileGet: { request: BillingProfileGetRequest, reply: BillingProfile },
  billingProfilePut: { request: BillingProfilePutRequest, reply: BillingProfile },
  modelHealth: { request: ModelHealthRequest, reply: ModelHealthReply },
  topUpCreate: { request: TopUpCreateRequest, reply: TopUpCreateReply },
  alertRaised: { event: AlertRaised },
  meWebhooks: { request: MeWebhooksRequest, reply: MeWebhooksReply },
} as const;

type M = typeof Messages;
export type RequestSubject = { [K in keyof M]: M[K] extends { request: unknown } ? K : never }[keyof M];
export type EventSubject = { [K in keyof M]: M[K] extends { event: unknown } ? K : never }[keyof M];

/*
 * Each side types a payload by what it holds: a sender what goes on the wire (the schema's input:
 * plain strings), a receiver what the schema parsed it into (its output: a tenant id is a TenantId).
 */
type RequestSchema<K extends RequestSubject> = M[K] extends { request: infer S extends z.ZodType } ? S : never;
type ReplySchema<K extends RequestSubject> = M[K] extends { reply: infer S extends z.ZodType } ? S : never;
type EventSchema<K extends EventSubject> = M[K] extends { event: infer S extends z.ZodType } ? S : never;
/** What a requester sends on `K`. */
export type RequestOf<K extends RequestSubject> = z.input<RequestSchema<K>>;
/** What a requester gets back on `K`, parsed. */
export type ReplyOf<K extends RequestSubject> = z.output<ReplySchema<K>>;
/** What a responder's handler gets on `K`, parsed. */
export type HandledRequestOf<K extends RequestSubject> = z.output<RequestSchema<K>>;
/** What a responder's handler answers on `K`. */
export type AnswerOf<K extends RequestSubject> = z.input<ReplySchema<K>>;
/** What a publisher sends on `K`. */
export type EventOf<K extends EventSubject> = z.input<EventSchema<K>>;
/** What a subscriber gets on `K`, parsed. */
export type ReceivedEventOf<K extends EventSubject> = z.output<EventSchema<K>>;
