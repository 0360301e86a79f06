import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/api';
import type { BillingProfile } from '../api/types';
import { useSignedIn } from '../auth/session';
import { Button } from '../ui/Button';
import { ErrorBanner, Notice } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { Loading } from '../ui/Page';

const PROFILE_KEY = ['billing-profile'] as const;

type Form = { legal_name: string; address: string; tax_id: string; email: string };
const FIELDS: ReadonlySet<string> = new Set(['legal_name', 'address', 'tax_id', 'email']);
const toForm = (p: BillingProfile): Form => ({ legal_name: p.legal_name ?? '', address: p.address ?? '', tax_id: p.tax_id ?? '', email: p.email ?? '' });

/** The customer's billing details, printed on statements and invoices (GET/PUT /me/billing/profile). */
export function BillingDetailsForm() {
  const profile = useQuery({ queryKey: PROFILE_KEY, queryFn: ({ signal }) => api<BillingProfile>('/me/billing/profile', { signal }) });
  return (
    <section className="panel" aria-labelledby="billing-details-title">
      <h2 id="billing-details-title">Billing details</h2>
      <p className="hint">Printed on your statements and invoices. Without a legal name, documents show your account name.</p>
      <ErrorBanner error={profile.error} />
      {profile.data ? <DetailsEditor profile={profile.data} /> : profile.isPending ? <Loading /> : null}
    </section>
  );
}

function DetailsEditor({ profile }: { profile: BillingProfile }) {
  const { can } = useSignedIn();
  const editable = can('billing:write');
  const queryClient = useQueryClient();
  const [form, setForm] = useState<Form>(() => toForm(profile));
  const save = useMutation({
    mutationFn: (body: Form) => api<BillingProfile>('/me/billing/profile', { method: 'PUT', body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(PROFILE_KEY, saved);
      setForm(toForm(saved));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form);
  };
  const set = (name: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value }));
  const param = save.error instanceof ApiError ? save.error.param : null;
  const errorOf = (name: keyof Form) => (param === name && save.error ? save.error.message : null);

  return (
    <form onSubmit={submit} aria-label="Billing details">
      {save.isSuccess ? <Notice>Billing details saved.</Notice> : null}
      {save.error && !(param && FIELDS.has(param)) ? <ErrorBanner error={save.error} /> : null}
      <fieldset disabled={!editable} className="plain form-grid">
        <Field
          label="Legal name"
          maxLength={200}
          autoComplete="organization"
          value={form.legal_name}
          onChange={set('legal_name')}
          error={errorOf('legal_name')}
        />
        <Field
          label="Tax ID"
          maxLength={64}
          value={form.tax_id}
          onChange={set('tax_id')}
          error={errorOf('tax_id')}
          hint="VAT or other tax registration number."
        />
        <Field label="Billing email" type="email" maxLength={254} autoComplete="email" value={form.email} onChange={set('email')} error={errorOf('email')} />
        <AddressField value={form.address} onChange={set('address')} error={errorOf('address')} />
      </fieldset>
      {editable ? (
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save
          </Button>
        </div>
      ) : (
        <p className="hint">Only owners and billing users can change these.</p>
      )}
    </form>
  );
}

function AddressField({ value, onChange, error }: { value: string; onChange: (e: { target: { value: string } }) => void; error: string | null }) {
  const id = useId();
  return (
    <div className="field field-wide">
      <label htmlFor={id}>Address</label>
      <textarea
        id={id}
        rows={4}
        maxLength={600}
        autoComplete="street-address"
        value={value}
        onChange={onChange}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
