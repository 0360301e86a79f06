import { Inject, Injectable, Logger } from '@nestjs/common';
import { asTenantId, isStorableText, storableJson, type Principal, type TenantId } from '@tollgate/contracts';
import { GATEWAY_CONFIG, GatewayConfig } from '../config';
import { ResponsesRepository } from './responses.repository';
import { invalidResponsesQuery, responseNotFound } from './stored-errors';
import { inputItemsPage, parseInputItemsQuery } from './stored-items';

type Json = Record<string, unknown>;

/** What a new response continues: the earlier turns' items, oldest first, and their stored size. */
export interface Chain {
  id: string;
  items: Json[];
  bytes: bigint;
}

/** What POST /v1/responses keeps of a finished response (store: true). */
export interface ResponseToKeep {
  tenantId: string;
  previous: Chain | null;
  input: Json[];
  response: Json;
}

/**
 * Stored Responses API responses, per tenant (Postgres, so any gateway instance continues a
 * conversation): retrieve, delete, list input items, and the chain `previous_response_id` names.
 * Every route needs `chat:write` (the scope that created them), declared and checked by the route (http/public-routes.ts).
 */
@Injectable()
export class StoredResponsesService {
  private readonly logger = new Logger('StoredResponses');

  constructor(
    private readonly repo: ResponsesRepository,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async retrieve(principal: Principal, id: string): Promise<Json> {
    const row = await this.find(principal, id);
    if (!row) throw responseNotFound(id);
    return row.response as Json;
  }

  async delete(principal: Principal, id: string): Promise<Json> {
    if (!isStorableText(id) || !(await this.repo.delete(asTenantId(principal.tenantId), id))) throw responseNotFound(id);
    return { id, object: 'response.deleted', deleted: true };
  }

  async inputItems(principal: Principal, id: string, query: Record<string, unknown>): Promise<Json> {
    const q = parseInputItemsQuery(query);
    const row = await this.find(principal, id);
    if (!row) throw responseNotFound(id);
    return inputItemsPage(row.input as Json[], q);
  }

  /** The chain ending at `id` (the tenant's own, within RESPONSES_MAX_CHAIN_BYTES), for `previous_response_id`. */
  async chain(tenantId: TenantId, id: string): Promise<Chain> {
    const head = isStorableText(id) ? await this.repo.chainBytes(tenantId, id) : null;
    if (!head) throw responseNotFound(id, 'previous_response_id');
    const max = this.config.RESPONSES_MAX_CHAIN_BYTES;
    if (head.chainBytes > BigInt(max)) {
      throw invalidResponsesQuery(
        `The conversation stored up to '${id}' is ${head.chainBytes} bytes, more than this gateway continues (${max}); start a new one with the turns you need in 'input'.`,
        'previous_response_id',
      );
    }
    const turns = await this.repo.chain(tenantId, id);
    return { id, items: turns.flatMap((t) => [...t.input, ...t.output]), bytes: head.chainBytes };
  }

  /** No stored id holds text the database cannot (NUL, an unpaired surrogate): such an id is simply not found. */
  private find(principal: Principal, id: string): Promise<{ input: unknown; response: unknown } | null> {
    return isStorableText(id) ? this.repo.find(asTenantId(principal.tenantId), id) : Promise.resolve(null);
  }

  /**
   * Keeps a finished response; a failure is logged, never the caller's (the answer is already paid for).
   * Text the database cannot hold (NUL, an unpaired surrogate in the input or the answer) is kept as
   * U+FFFD, so the id the caller was given always exists.
   */
  async keep(r: ResponseToKeep): Promise<void> {
    const response = storableJson(r.response);
    const input = storableJson(r.input);
    const sizeBytes = Buffer.byteLength(JSON.stringify(input)) + Buffer.byteLength(JSON.stringify(response));
    try {
      await this.repo.save({
        tenantId: r.tenantId,
        id: String(response.id),
        previousResponseId: r.previous?.id ?? null,
        model: String(response.model),
        status: String(response.status),
        input,
        response,
        sizeBytes,
        chainBytes: (r.previous?.bytes ?? 0n) + BigInt(sizeBytes),
      });
    } catch (err) {
      this.logger.warn({ err: (err as Error).message, responseId: response.id }, 'stored response not kept');
    }
  }
}
