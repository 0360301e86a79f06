/** The statement's and invoices' kinds as people read them. */
const KIND_LABELS: Record<string, string> = {
  top_up: 'Top-up',
  monthly_statement: 'Monthly statement',
  credit_note: 'Credit note',
  credit_receipt: 'Credit receipt',
  promo_grant: 'Promotional credit',
  promo_expiry: 'Expired promotional credit',
};

export function kindLabel(kind: string): string {
  if (KIND_LABELS[kind]) return KIND_LABELS[kind];
  const words = kind.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
