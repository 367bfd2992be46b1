import { useEffect, useState } from 'react';
import type { SigningTransactionView } from '../../../server/remote-signing/signing-transaction-view';
import { errorText } from '../api/http';
import { useSession } from '../session';
import { Alert } from '../ui/Alert';
import { pluginCertificates, pluginSign } from './token-plugin';

interface Options {
  remote: { enabled: boolean; name: string; accountId: string | null };
  tokenPluginUrl: string;
}

/**
 * Signing without the server-held key: through the remote service (confirm on the phone; the page
 * waits for the server's poller) or with the USB token through the local plugin.
 */
export function ExternalSignButtons({ documentId, placement, onSigned }: { documentId: string; placement: object; onSigned: () => void }) {
  const { api } = useSession();
  const [options, setOptions] = useState<Options | null>(null);
  const [waiting, setWaiting] = useState<SigningTransactionView | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void api.get<Options>('/signing/options').then(setOptions).catch(() => undefined), [api]);
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(async () => {
      try {
        const tx = await api.get<SigningTransactionView>(`/signing-transactions/${waiting.id}`);
        if (tx.status === 'pending' || tx.status === 'completing') return;
        setWaiting(null);
        if (tx.status === 'done') onSigned();
        else setError(`${tx.statusText}${tx.error ? `: ${tx.error}` : ''}`);
      } catch (e) {
        setError(errorText(e));
      }
    }, 1500);
    return () => clearInterval(timer);
  }, [api, waiting, onSigned]);
  const remote = async () => {
    setError(null);
    try {
      const r = await api.post<{ transaction: SigningTransactionView }>('/signing-transactions', { documentId, method: 'remote', ...placement });
      setWaiting(r.transaction);
    } catch (e) {
      setError(errorText(e));
    }
  };
  const token = async () => {
    if (!options) return;
    setError(null);
    try {
      setStatus('Đang đọc chứng thư trên USB token…');
      const [cert] = await pluginCertificates(options.tokenPluginUrl);
      if (!cert) throw new Error('Không thấy chứng thư số nào trên USB token.');
      const started = await api.post<{ transaction: SigningTransactionView; toBeSigned: string }>('/signing-transactions', { documentId, method: 'token', certificate: cert.certificate, chain: cert.chain, ...placement });
      setStatus('Đang ký trên USB token (nhập PIN trong cửa sổ của plugin nếu được hỏi)…');
      const signature = await pluginSign(options.tokenPluginUrl, cert.id, started.toBeSigned);
      await api.post(`/signing-transactions/${started.transaction.id}/complete`, { signatureValue: signature });
      onSigned();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setStatus(null);
    }
  };
  return (
    <div className="external-sign">
      <div className="actions">
        {options?.remote.enabled && <button type="button" className="secondary" disabled={Boolean(waiting)} onClick={() => void remote()}>Ký từ xa ({options.remote.name})</button>}
        <button type="button" className="secondary" disabled={Boolean(waiting || status)} onClick={() => void token()}>Ký bằng USB token</button>
      </div>
      {waiting && (
        <p role="status">
          Đã gửi yêu cầu ký đến {waiting.provider}. Hãy mở ứng dụng trên điện thoại và xác nhận.{' '}
          <button type="button" className="link" onClick={() => void api.post(`/signing-transactions/${waiting.id}/cancel`).then(() => setWaiting(null)).catch((e) => setError(errorText(e)))}>Huỷ yêu cầu</button>
        </p>
      )}
      {status && <p role="status">{status}</p>}
      <Alert>{error}</Alert>
    </div>
  );
}
