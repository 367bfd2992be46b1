import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import type { DocumentDetail } from '../api/types';
import { dateTimeVn } from '../format';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { useToast } from '../ui/toasts';
import { useOrgPeople } from './useOrgPeople';

interface Grant {
  userId: string;
  userName: string;
  grantedByName: string;
  grantedAt: string;
}

/**
 * Need-to-know on a secret document: who was granted the right to see it, and (for a clerk or
 * leader who may see it) granting and revoking. The server decides who may: a refusal hides the panel.
 */
export function AccessGrantsPanel({ detail }: { detail: DocumentDetail }) {
  const { api, user } = useSession();
  const notify = useToast();
  const people = useOrgPeople();
  const docId = detail.document.id;
  const secret = detail.document.secrecy !== 'normal';
  const [grants, setGrants] = useState<Grant[] | null>(null);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setGrants((await api.get<{ items: Grant[] }>(`/documents/${docId}/access-grants`)).items);
    } catch {
      setGrants(null); // not a document this person may grant on
    }
  }, [api, docId]);
  useEffect(() => {
    if (secret) void load();
  }, [secret, load]);
  if (!secret || grants === null) return null;
  const grant = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return setError('Hãy chọn người được cấp quyền xem.');
    setError(null);
    try {
      await api.post(`/documents/${docId}/access-grants`, { userId: chosen });
      notify('Đã cấp quyền xem văn bản mật.', 'success');
      setChosen('');
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const revoke = async (g: Grant) => {
    try {
      await api.del(`/documents/${docId}/access-grants/${g.userId}`);
      notify(`Đã thu hồi quyền xem của ${g.userName}.`, 'success');
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const candidates = (people?.users ?? []).filter((u) => u.id !== user?.id && !grants.some((g) => g.userId === u.id));
  return (
    <section className="card" aria-labelledby="tt-quyen-xem">
      <h2 id="tt-quyen-xem">Quyền xem văn bản mật</h2>
      <p className="muted">Ngoài người đăng ký, người được giao xử lý và lãnh đạo, chỉ những người dưới đây được xem văn bản này.</p>
      {grants.length === 0 ? (
        <p>Chưa cấp quyền xem cho ai.</p>
      ) : (
        <ul data-testid="access-grants">
          {grants.map((g) => (
            <li key={g.userId}>
              {g.userName} — do {g.grantedByName} cấp lúc {dateTimeVn(g.grantedAt)}{' '}
              <button type="button" className="secondary" onClick={() => void revoke(g)} aria-label={`Thu hồi quyền xem của ${g.userName}`}>Thu hồi</button>
            </li>
          ))}
        </ul>
      )}
      <form className="actions" onSubmit={grant} noValidate>
        <label>
          Cấp quyền xem cho{' '}
          <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">— chọn người trong cơ quan —</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>{u.fullName}{u.position ? ` (${u.position})` : ''}</option>
            ))}
          </select>
        </label>
        <button type="submit">Cấp quyền</button>
      </form>
      <Alert>{error}</Alert>
    </section>
  );
}
