import type { ReactNode } from 'react';

/** An error message read out to screen readers; renders nothing without a message. */
export function Alert({ children, wide, inline }: { children: ReactNode; wide?: boolean; inline?: boolean }) {
  if (!children) return null;
  const className = wide ? 'error wide' : 'error';
  return inline ? (
    <small className={className} role="alert">
      {children}
    </small>
  ) : (
    <p className={className} role="alert">
      {children}
    </p>
  );
}

/** The submit and cancel buttons that close every inline form. */
export function FormActions({ label, busy, busyLabel, onCancel }: { label: string; busy?: boolean; busyLabel?: string; onCancel?: () => void }) {
  return (
    <div className="actions">
      <button type="submit" disabled={busy}>
        {busy && busyLabel ? busyLabel : label}
      </button>
      {onCancel && (
        <button type="button" className="secondary" onClick={onCancel}>
          Hủy
        </button>
      )}
    </div>
  );
}
