import type { ReactNode } from 'react';
import { Alert } from './Alert';

/** A labelled control with its validation message tied to it for screen readers. */
export function Field({ label, error, children, hint, wide }: { label: string; error?: string; children: ReactNode; hint?: string; wide?: boolean }) {
  return (
    <label className={`field ${error ? 'invalid' : ''} ${wide ? 'wide' : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {hint && !error && <small className="muted">{hint}</small>}
      <Alert inline>{error}</Alert>
    </label>
  );
}
