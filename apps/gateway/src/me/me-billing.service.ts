import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Principal, RequestLogsQuery } from '@tollgate/contracts';
import { EdgeGate } from '../edge/edge-gate.service';
import { GatewayError } from '../errors/gateway.error';
import { requireScope } from '../proxy/access';
import { BillingClient } from './billing-client';
import {
  PublicBalance,
  PublicInvoiceList,
  PublicRequestLogPage,
  PublicStatement,
  toPublicBalance,
  toPublicInvoiceList,
  toPublicRequestLogPage,
  toPublicStatement,
} from './me-billing.mapper';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * /me/billing/* and /me/request-logs: the tenant id always comes from the key, never from the caller.
 * JSON answers are billing's replies mapped to the public snake_case shapes (me-billing.mapper.ts).
 */
@Injectable()
export class MeBillingService {
  constructor(
    private readonly billing: BillingClient,
    private readonly gate: EdgeGate,
  ) {}

  async balance(p: Principal, requestId: string, reply: FastifyReply): Promise<PublicBalance> {
    await this.admit(p, requestId, reply);
    return toPublicBalance(await this.billing.ask('balanceGet', { tenantId: p.tenantId }));
  }

  async statement(p: Principal, requestId: string, reply: FastifyReply, month: string | undefined, csv: boolean): Promise<PublicStatement | string> {
    await this.admit(p, requestId, reply);
    const m = month ?? new Date().toISOString().slice(0, 7);
    if (!MONTH.test(m)) throw new GatewayError('invalid_request', "'month' must be YYYY-MM.", 'month');
    const res = await this.billing.ask('statementGet', { tenantId: p.tenantId, month: m, format: csv ? 'csv' : 'json' });
    if (res.format === 'csv') return sendCsv(reply, res.csv, `statement-${m}.csv`);
    return toPublicStatement(res.statement);
  }

  async invoices(p: Principal, requestId: string, reply: FastifyReply): Promise<PublicInvoiceList> {
    await this.admit(p, requestId, reply);
    return toPublicInvoiceList(await this.billing.ask('invoicesList', { tenantId: p.tenantId }));
  }

  async invoicePdf(p: Principal, requestId: string, reply: FastifyReply, invoiceId: string): Promise<Buffer> {
    await this.admit(p, requestId, reply);
    const res = await this.billing.ask('invoicePdf', { tenantId: p.tenantId, invoiceId });
    if (!res.found) throw new GatewayError('not_found', `No invoice with id '${invoiceId}'.`);
    reply.type('application/pdf').header('content-disposition', `inline; filename="${res.number}.pdf"`);
    return Buffer.from(res.pdfBase64, 'base64');
  }

  async requestLogs(p: Principal, requestId: string, reply: FastifyReply, q: Record<string, string>, csv: boolean): Promise<PublicRequestLogPage | string> {
    await this.admit(p, requestId, reply);
    const res = await this.billing.ask('requestLogsList', { ...logsQuery(q), tenantId: p.tenantId, format: csv ? 'csv' : 'json' });
    if (res.format === 'csv') {
      if (res.nextCursor) reply.header('x-next-cursor', res.nextCursor);
      return sendCsv(reply, res.csv, 'request-logs.csv');
    }
    return toPublicRequestLogPage(res.data, res.nextCursor);
  }

  private async admit(p: Principal, requestId: string, reply: FastifyReply): Promise<void> {
    reply.headers((await this.gate.admit(p, requestId, { holdMicros: 0, tokens: 0 })).headers);
    requireScope(p, 'billing:read');
  }
}

function sendCsv(reply: FastifyReply, csv: string, filename: string): string {
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
  return csv;
}

/** The query parameters of /me/request-logs, snake_case; any other name (`keyId`) is refused rather than ignored. */
const LOGS_PARAMS = new Set(['from', 'to', 'key_id', 'model', 'status', 'cursor', 'limit']);

function logsQuery(q: Record<string, string>): Omit<RequestLogsQuery, 'tenantId' | 'format'> {
  const unknown = Object.keys(q).find((name) => !LOGS_PARAMS.has(name));
  if (unknown !== undefined) {
    const name = unknown.slice(0, 64);
    throw new GatewayError('invalid_request', `Unknown query parameter '${name}'; expected one of ${[...LOGS_PARAMS].join(', ')}.`, name);
  }
  const iso = (name: string) => {
    if (q[name] === undefined) return undefined;
    const d = new Date(q[name]);
    if (Number.isNaN(d.getTime())) throw new GatewayError('invalid_request', `'${name}' must be an ISO time.`, name);
    return d.toISOString();
  };
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new GatewayError('invalid_request', "'limit' must be an integer from 1 to 1000.", 'limit');
  const status = q.status === undefined ? undefined : Number(q.status);
  if (status !== undefined && !Number.isInteger(status)) throw new GatewayError('invalid_request', "'status' must be an HTTP status code.", 'status');
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (q.key_id !== undefined && !UUID.test(q.key_id)) throw new GatewayError('invalid_request', "'key_id' must be a key id.", 'key_id');
  return { from: iso('from'), to: iso('to'), keyId: q.key_id, model: q.model, status, cursor: q.cursor, limit };
}
