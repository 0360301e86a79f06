import { utcMonth } from '../../ui/format';
import { Notice } from '../../ui/ErrorBanner';
import { formatMicros } from '../../ui/money';
import { seg } from '../api';
import type { Refund } from '../types';

/** The statement month (YYYY-MM) an instant falls in, in `zone`. */
function monthIn(iso: string, zone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit' }).format(new Date(iso)).slice(0, 7);
  } catch {
    return utcMonth(new Date(iso));
  }
}

/** What a refund made: its amount, its credit note and the statement that lists it, as PDFs. */
export function RefundDone({ tenantId, refund, timeZone }: { tenantId: string; refund: Refund; timeZone: string }) {
  const zone = refund.timeZone ?? timeZone;
  const month = refund.period ?? monthIn(refund.createdAt, zone);
  const pdf = `/console-api/billing/admin/tenants/${seg(tenantId)}/statements/${month}?format=pdf&time_zone=${encodeURIComponent(zone)}`;
  const note = refund.creditNote ? `/console-api/billing/admin/tenants/${seg(tenantId)}/invoices/${seg(refund.creditNote.id)}/pdf` : null;
  return (
    <Notice>
      Refunded {formatMicros(refund.amountMicros, { currency: refund.currency })}
      {refund.replayed ? ' (already made: this is the first answer)' : ''}. Credit note <strong>{refund.creditNote?.number ?? '—'}</strong>.{' '}
      {note && (
        <>
          <a href={note} target="_blank" rel="noreferrer">
            Credit note {refund.creditNote?.number} (PDF)
          </a>
          {' · '}
        </>
      )}
      <a href={pdf} target="_blank" rel="noreferrer">
        Statement PDF for {month} (lists the credit note)
      </a>
    </Notice>
  );
}
