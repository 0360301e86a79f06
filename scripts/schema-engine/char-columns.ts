import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlQueryable, SqlResultSet, Transaction } from '@prisma/driver-adapter-utils';
import { Client } from 'pg';
import type { QueryResult } from 'pg';

/**
 * Workaround for @prisma/adapter-pg 7.10.1, which refuses result columns of Postgres type "char" (OID 18) with
 * "UnsupportedNativeDataType". The schema engine's describer reads such catalog columns (pg_constraint.contype,
 * for CHECK constraints; pg_class.relkind, ...) and wants them typed Character. Two public seams fix it:
 * - `CharAsTextClient`, the pg `Client` of the adapter's pool, reports them as text (OID 25), which the adapter
 *   accepts, and remembers their positions against the result's row array;
 * - `withCharColumns` retypes those positions as Character in the adapter's result (which passes the same
 *   row array through).
 */
const CHAR_OID = 18;
const TEXT_OID = 25;
const charColumnsByRows = new WeakMap<object, number[]>();

function markCharColumns(result: unknown): void {
  const { fields, rows } = (result ?? {}) as Partial<QueryResult>;
  if (!fields || !rows) return;
  const positions = fields.flatMap((field, i) => (field.dataTypeID === CHAR_OID ? [i] : []));
  if (!positions.length) return;
  for (const i of positions) fields[i].dataTypeID = TEXT_OID;
  charColumnsByRows.set(rows, positions);
}

type Callback = (err: Error | null, result: unknown) => void;

export class CharAsTextClient extends Client {
  // pg's query() has many overloads; this passes every form through and only looks at the result.
  override query(...rawArgs: any[]): any {
    const args = rawArgs as unknown[];
    const send = super.query.bind(this) as (...a: unknown[]) => unknown;
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as Callback;
      args[last] = (err: Error | null, result: unknown) => {
        if (!err) markCharColumns(result);
        callback(err, result);
      };
      return send(...args);
    }
    const pending = send(...args);
    if (pending instanceof Promise) {
      return pending.then((result: unknown) => {
        markCharColumns(result);
        return result;
      });
    }
    return pending;
  }
}

function retype(result: SqlResultSet): SqlResultSet {
  const positions = charColumnsByRows.get(result.rows);
  if (positions) for (const i of positions) result.columnTypes[i] = ColumnTypeEnum.Character;
  return result;
}

function wrapQueryable<T extends SqlQueryable>(queryable: T, extra: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(queryable, {
    get(target, prop, receiver) {
      if (prop === 'queryRaw') return async (query: Parameters<SqlQueryable['queryRaw']>[0]) => retype(await target.queryRaw(query));
      if (Object.prototype.hasOwnProperty.call(extra, prop)) return extra[prop as keyof T];
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The adapter, its `"char"` result columns typed Character (in transactions too). Needs a `CharAsTextClient` pool. */
export function withCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const startTransaction = async (...args: Parameters<SqlDriverAdapter['startTransaction']>): Promise<Transaction> =>
    wrapQueryable(await adapter.startTransaction(...args), {});
  return wrapQueryable(adapter, { startTransaction });
}
