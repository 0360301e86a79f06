import { useId } from 'react';
import { ErrorBanner } from '../ui/ErrorBanner';
import { useModels } from './queries';

/** The scopes the signed-in role holds, as checkboxes. */
export function ScopeChecks({ offered, scopes, onToggle }: { offered: readonly string[]; scopes: string[]; onToggle: (scope: string, on: boolean) => void }) {
  const scopesHintId = useId();
  return (
    <fieldset className="checks" aria-describedby={scopesHintId}>
      <legend>Scopes</legend>
      <p className="hint" id={scopesHintId}>
        Only scopes your role holds. None ticked: chat, embeddings, models and reading the balance, those your role holds.
      </p>
      {offered.map((scope) => (
        <label key={scope} className="check">
          <input type="checkbox" checked={scopes.includes(scope)} onChange={(e) => onToggle(scope, e.target.checked)} />
          <code>{scope}</code>
        </label>
      ))}
    </fieldset>
  );
}

/** The models a key may call (none = every model), from the tenant's model list. */
export function ModelSelect({ value, onChange }: { value: string[]; onChange: (models: string[]) => void }) {
  const models = useModels();
  const modelsId = useId();
  return (
    <div className="field">
      <label htmlFor={modelsId}>Models</label>
      <select
        id={modelsId}
        multiple
        size={Math.min(6, Math.max(3, models.data?.length ?? 3))}
        value={value}
        onChange={(e) => onChange(Array.from(e.target.selectedOptions, (o) => o.value))}
        aria-describedby={`${modelsId}-hint`}
      >
        {(models.data ?? []).map((m) => (
          <option key={m.id} value={m.id}>
            {m.id}
          </option>
        ))}
      </select>
      <p className="hint" id={`${modelsId}-hint`}>
        {models.isPending ? 'Loading models… ' : ''}None selected = every model. Ctrl/⌘-click or Shift+arrows to pick several.
      </p>
      <ErrorBanner error={models.error} />
    </div>
  );
}
