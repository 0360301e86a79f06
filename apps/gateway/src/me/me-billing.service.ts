import { Injectable } from '@nestjs/common';
import type { Reply } from '../http/reply';
import { isStorableText, PG_BIGINT_MAX, type RequestLogsQuery } from '@tollgate/contracts';
import { MODEL_NAME_MAX_BYTES } from '../catalog/model-names';
import { GatewayErrors } from '../errors/gateway.error';
import type { MeCaller } from './me-caller';
import { parseBody } from './parse-body';
import { PublicTopUp, toPublicTopUp, TopUpBody, topUpRefusal } from './me-top-ups.mapper';
import type { Format } from './response-format';
import { BillingClient } from './billing-client';
import {
  PublicBalance,
  PublicInvoiceList,
  PublicRequestLogPage,
  PublicCreditNote,
  PublicStatement,
  toPublicBalance,
  toPublicCreditNoteList,
  toPublicInvoiceList,
  toPublicRequestLogPage,
  toPublicStatement,
} from './me-billing.mapper';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * /me/billing/* and /me/request-logs: the tenant id always comes from the caller's credential, never
 * from the request. JSON answers are billing's replies mapped to the public snake_case shapes (me-billing.mapper.ts).
 */
@Injectable()
export class MeBillingService {
  constructor(private readonly billing: BillingClient) {}

  async balance(caller: MeCaller): Promise<PublicBalance> {
    return toPublicBalance(await this.billing.ask('balanceGet', { tenantId: caller.tenantId }));
  }

  /** A top-up for the caller's tenant: billing opens the provider's payment page; its webhook credits later. */
  async topUp(caller: MeCaller, body: unknown): Promise<PublicTopUp> {
    const { amount_micros } = parseBody(TopUpBody, body);
    const actor = caller.kind === 'session' ? `user:${caller.user.id}` : `key:${caller.principal.keyId}`;
    const res = await this.billing.ask('topUpCreate', { tenantId: caller.tenantId, amountMicros: amount_micros, actor });
    if (!res.ok) throw topUpRefusal(res);
    return toPublicTopUp(res.topUp);
  }

  async statement(caller: MeCaller, reply: Reply, month: string | undefined, format: Format): Promise<PublicStatement | string | Buffer> {
    const m = month ?? new Date().toISOString().slice(0, 7);
    if (!MONTH.test(m)) throw GatewayErrors.invalidRequest("'month' must be YYYY-MM.", { param: 'month' });
    if (format === 'pdf') return this.statementPdf(caller, reply, m);
    const res = await this.billing.ask('statementGet', {
      tenantId: caller.tenantId,
      month: m,
      format: format === 'csv' ? 'csv' : 'json',
      timeZone: callerTimeZone(caller),
    });
    if (res.format === 'csv') return sendCsv(reply, res.csv, `statement-${m}.csv`);
    return toPublicStatement(res.statement);
  }

  async invoices(caller: MeCaller): Promise<PublicInvoiceList> {
    return toPublicInvoiceList(await this.billing.ask('invoicesList', { tenantId: caller.tenantId, timeZone: callerTimeZone(caller) }));
  }

  /** The refunds' credit notes (numbered CN-YYYY-NNNNNN, gapless). */
  async creditNotes(caller: MeCaller): Promise<{ object: 'list'; data: PublicCreditNote[] }> {
    return toPublicCreditNoteList(await this.billing.ask('invoicesList', { tenantId: caller.tenantId, timeZone: callerTimeZone(caller) }));
  }

  /** A credit note's PDF: only a CN- document of the caller's tenant, anything else 404. */
  async creditNotePdf(caller: MeCaller, reply: Reply, id: string): Promise<Buffer> {
    const res = await this.billing.ask('invoicePdf', { tenantId: caller.tenantId, invoiceId: id });
    if (!res.found || !res.number.startsWith('CN-')) throw GatewayErrors.notFound(`No credit note with id '${id.slice(0, 64)}'.`);
    reply.type('application/pdf').header('content-disposition', `inline; filename="${res.number}.pdf"`);
    return Buffer.from(res.pdfBase64, 'base64');
  }

  async invoicePdf(caller: MeCaller, reply: Reply, invoiceId: string): Promise<Buffer> {
    const res = await this.billing.ask('invoicePdf', { tenantId: caller.tenantId, invoiceId, timeZone: callerTimeZone(caller) });
    if (!res.found) throw GatewayErrors.notFound(`No invoice with id '${invoiceId}'.`);
    reply.type('application/pdf').header('content-disposition', `inline; filename="${res.number}.pdf"`);
    return Buffer.from(res.pdfBase64, 'base64');
  }

  async requestLogs(caller: MeCaller, reply: Reply, q: Record<string, string>, csv: boolean): Promise<PublicRequestLogPage | string> {
    const res = await this.billing.ask('requestLogsList', { ...logsQuery(q), tenantId: caller.tenantId, format: csv ? 'csv' : 'json' });
    if (res.format === 'csv') {
      if (res.nextCursor) reply.header('x-next-cursor', res.nextCursor);
      return sendCsv(reply, res.csv, 'request-logs.csv');
    }
    return toPublicRequestLogPage(res.data, res.nextCursor);
  }

  /** A month's statement as a PDF: the month's statement invoice (a month with no activity has none). */
  private async statementPdf(caller: MeCaller, reply: Reply, month: string): Promise<Buffer> {
    const list = await this.billing.ask('invoicesList', { tenantId: caller.tenantId, timeZone: callerTimeZone(caller) });
    const statement = list.data.find((i) => i.kind === 'monthly_statement' && i.period === month);
    if (!statement) throw GatewayErrors.notFound(`There is no statement for ${month}.`);
    return this.invoicePdf(caller, reply, statement.id);
  }
}

/**
 * The caller's reporting time zone, which billing's statements follow: the key principal's, once auth
 * sends one (`timeZone`, or its budgets' zone); absent (and for portal sessions, for now) billing uses UTC.
 */
export function callerTimeZone(caller: MeCaller): string | undefined {
  const tz = caller.kind === 'session' ? caller.timeZone : caller.principal.budgets?.timeZone;
  return typeof tz === 'string' && tz !== '' ? tz : undefined;
}

function sendCsv(reply: Reply, csv: string, filename: string): string {
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`);
  return csv;
}

/** The query parameters of /me/request-logs, snake_case; any other name (`keyId`) is refused rather than ignored. */
const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOGS_PARAMS = new Set(['from', 'to', 'key_id', 'model', 'status', 'cursor', 'limit']);
const EARLIEST = new Date('1970-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T00:00:00Z');

function logsQuery(q: Record<string, string>): Omit<RequestLogsQuery, 'tenantId' | 'format'> {
  const unknown = Object.keys(q).find((name) => !LOGS_PARAMS.has(name));
  if (unknown !== undefined) {
    const name = unknown.slice(0, 64);
    throw GatewayErrors.invalidRequest(`Unknown query parameter '${name}'; expected one of ${[...LOGS_PARAMS].join(', ')}.`, { param: name });
  }
  // An ISO time, or a UTC day: `from` starts with it, `to` (exclusive as a time) takes in the whole day.
  const iso = (name: 'from' | 'to') => {
    if (q[name] === undefined) return undefined;
    const d = new Date(q[name]);
    const day = DAY_ONLY.test(q[name]);
    // A day that does not exist (2026-02-30) is refused, not rolled over; times outside 1970..9999 are no log's.
    if (Number.isNaN(d.getTime()) || (day && d.toISOString().slice(0, 10) !== q[name]) || d < EARLIEST || d >= LATEST)
      throw GatewayErrors.invalidRequest(`'${name}' must be an ISO time or a date (YYYY-MM-DD) from 1970 to 9999.`, { param: name });
    if (name === 'to' && day) d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString();
  };
  const limit = q.limit === undefined ? 100 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw GatewayErrors.invalidRequest("'limit' must be an integer from 1 to 1000.", { param: 'limit' });
  const status = q.status === undefined ? undefined : Number(q.status);
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599))
    throw GatewayErrors.invalidRequest("'status' must be an HTTP status code (100 to 599).", { param: 'status' });
  if (q.model !== undefined && !(isStorableText(q.model) && Buffer.byteLength(q.model) <= MODEL_NAME_MAX_BYTES))
    throw GatewayErrors.invalidRequest(`'model' must be a model name (valid text, at most ${MODEL_NAME_MAX_BYTES} bytes).`, { param: 'model' });
  // Billing's cursor is a row sequence number (a positive bigint); anything else is no page of ours.
  if (q.cursor !== undefined && !(/^\d{1,19}$/.test(q.cursor) && BigInt(q.cursor) <= PG_BIGINT_MAX))
    throw GatewayErrors.invalidRequest('The cursor is not valid; pass the next_cursor of a previous page.', { param: 'cursor' });
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (q.key_id !== undefined && !UUID.test(q.key_id)) throw GatewayErrors.invalidRequest("'key_id' must be a key id.", { param: 'key_id' });
  return { from: iso('from'), to: iso('to'), keyId: q.key_id, model: q.model, status, cursor: q.cursor, limit };
}
