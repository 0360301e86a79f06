import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/api';
import { Button } from '../ui/Button';
import { ErrorBanner } from '../ui/ErrorBanner';
import { Field } from '../ui/Field';
import { useCreateEndpoint } from './queries';
import { EVENT_TYPES, type EventType, type WebhookEndpointWithSecret } from './types';

/** The events to send, one checkbox each; `error` when none is chosen. */
function EventsFieldset({ events, error, onToggle }: { events: EventType[]; error: string | null; onToggle: (type: EventType, on: boolean) => void }) {
  return (
    <fieldset className="checks">
      <legend>Events</legend>
      {EVENT_TYPES.map(({ type, label }) => (
        <label key={type} className="check">
          <input type="checkbox" checked={events.includes(type)} onChange={(e) => onToggle(type, e.target.checked)} />
          {label} <code>{type}</code>
        </label>
      ))}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** "Add endpoint": URL, description and the events to send; the new secret goes to `onCreated` (shown once). */
export function NewWebhookForm({ onCreated }: { onCreated: (e: WebhookEndpointWithSecret) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventType[]>(['balance.low']);
  const [eventsError, setEventsError] = useState<string | null>(null);
  const create = useCreateEndpoint();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!events.length) return setEventsError('Choose at least one event.');
    setEventsError(null);
    create.mutate(
      { url: url.trim(), description: description.trim() || null, event_types: events },
      {
        onSuccess: (created) => {
          setUrl('');
          setDescription('');
          onCreated(created);
        },
      },
    );
  };
  const toggle = (type: EventType, on: boolean) => setEvents((cur) => (on ? [...cur, type] : cur.filter((t) => t !== type)));
  const err = create.error;
  const urlError = err instanceof ApiError && err.param === 'url' ? err.message.replace(/^'url' /, 'The URL ') : null;

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="new-webhook-title" noValidate>
      <h2 id="new-webhook-title">Add endpoint</h2>
      {err && !urlError ? <ErrorBanner error={err} /> : null}
      <div className="form-grid">
        <Field
          label="Endpoint URL"
          type="url"
          required
          maxLength={2000}
          placeholder="https://example.com/hooks/tollgate"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={urlError}
          hint="Must use https."
        />
        <Field label="Description" maxLength={200} value={description} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <EventsFieldset events={events} error={eventsError} onToggle={toggle} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending}>
          Add endpoint
        </Button>
      </div>
    </form>
  );
}
