import type { StatementLine, StatementUsage } from '../api/types';
import { formatDate, formatDateTime, formatInt } from '../ui/format';
import { formatMicros, sumMicros } from '../ui/money';
import { Table, type Column } from '../ui/Table';
import { RefundsTable, type StatementWithRefunds } from './CreditNotes';
import { kindLabel } from './kind-label';

type Money = (micros: number) => string;

function lineColumns(money: Money): Column<StatementLine>[] {
  return [
    { header: 'Date', cell: (l) => <span className="nowrap">{formatDateTime(l.at)}</span> },
    { header: 'Kind', cell: (l) => kindLabel(l.kind) },
    { header: 'Reference', cell: (l) => (l.reference ? <code>{l.reference}</code> : '—') },
    { header: 'Amount', cell: (l) => money(l.amount_micros), numeric: true },
  ];
}

function usageColumns(money: Money): Column<StatementUsage>[] {
  return [
    { header: 'Day', cell: (u) => <span className="nowrap">{formatDate(u.day)}</span> },
    { header: 'Model', cell: (u) => u.model },
    { header: 'Requests', cell: (u) => formatInt(u.requests), numeric: true },
    { header: 'Input tokens', cell: (u) => formatInt(u.prompt_tokens), numeric: true },
    { header: 'Cached input', cell: (u) => formatInt(u.cached_tokens), numeric: true },
    { header: 'Output tokens', cell: (u) => formatInt(u.completion_tokens), numeric: true },
    { header: 'Cost', cell: (u) => money(u.cost_micros), numeric: true },
  ];
}

const lineKey = (l: StatementLine) => `${l.at}|${l.reference ?? ''}|${l.amount_micros}`;

function TotalRow({ label, amount, span, currency }: { label: string; amount: number | bigint; span: number; currency: string }) {
  return (
    <tr>
      <th scope="row" colSpan={span}>
        {label}
      </th>
      <td className="num">
        <strong>{formatMicros(amount, { currency })}</strong>
      </td>
    </tr>
  );
}

/** A month's statement: the balances, its credits, refunds, other debits and usage by day and model. */
export function StatementView({ statement: s }: { statement: StatementWithRefunds }) {
  const money = (m: number) => formatMicros(m, { currency: s.currency });
  const lines = lineColumns(money);
  return (
    <>
      <StatementStats statement={s} money={money} />
      {s.time_zone && s.time_zone !== 'UTC' ? <p className="muted">Month and days in {s.time_zone}; each call is dated by when it happened.</p> : null}
      <h3>Credits</h3>
      <Table
        caption={`Credits, ${s.month}`}
        hideCaption
        columns={lines}
        rows={s.credits}
        rowKey={lineKey}
        empty="No credits this month."
        footer={<TotalRow label="Total credits" amount={s.credits_micros} span={3} currency={s.currency} />}
      />
      <h3>Refunds</h3>
      <RefundsTable statement={s} />
      {/* Usage debits are totalled by day and model below; this table lists the rest (adjustments). */}
      <h3>Other debits</h3>
      <Table
        caption={`Other debits, ${s.month}`}
        hideCaption
        columns={lines}
        rows={s.debits}
        rowKey={lineKey}
        empty="No other debits this month; usage is below."
        footer={<TotalRow label="Total other debits" amount={sumMicros(s.debits.map((l) => l.amount_micros))} span={3} currency={s.currency} />}
      />
      <h3>Usage by day and model</h3>
      <Table
        caption={`Usage by day and model, ${s.month}`}
        hideCaption
        columns={usageColumns(money)}
        rows={s.usage}
        rowKey={(u) => `${u.day}|${u.model}`}
        empty="No usage this month."
        footer={s.usage.length ? <UsageTotal statement={s} /> : null}
      />
    </>
  );
}

function StatementStats({ statement: s, money }: { statement: StatementWithRefunds; money: Money }) {
  const stats: Array<[string, number]> = [
    ['Opening balance', s.opening_balance_micros],
    ['Credits', s.credits_micros],
    ['Refunds', s.refunds_micros ?? 0],
    ['Debits', s.debits_micros],
    ['Closing balance', s.closing_balance_micros],
  ];
  return (
    <dl className="stats">
      {stats.map(([label, micros]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{money(micros)}</dd>
        </div>
      ))}
    </dl>
  );
}

function UsageTotal({ statement: s }: { statement: StatementWithRefunds }) {
  const sumInt = (f: (u: StatementUsage) => number) => s.usage.reduce((a, u) => a + f(u), 0);
  return (
    <tr>
      <th scope="row" colSpan={2}>
        Total
      </th>
      <td className="num">{formatInt(sumInt((u) => u.requests))}</td>
      <td className="num">{formatInt(sumInt((u) => u.prompt_tokens))}</td>
      <td className="num">{formatInt(sumInt((u) => u.cached_tokens))}</td>
      <td className="num">{formatInt(sumInt((u) => u.completion_tokens))}</td>
      <td className="num">
        <strong>{formatMicros(sumMicros(s.usage.map((u) => u.cost_micros)), { currency: s.currency })}</strong>
      </td>
    </tr>
  );
}
