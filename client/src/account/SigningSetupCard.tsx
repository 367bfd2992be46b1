import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/http';
import { useSession } from '../session';
import { Alert, FormActions } from '../ui/Alert';
import { Field } from '../ui/Field';
import { Link } from '../ui/Link';
import { useToast } from '../ui/toasts';
import { pluginCertificates, type PluginCertificate } from '../signing/token-plugin';
import { ChangePinForm } from './ChangePinForm';

interface Options {
  remote: { enabled: boolean; name: string; accountId: string | null };
  tokenPluginUrl: string;
}

/** A leader's signing set-up: remote-signing account, the token plugin's certificates, signature image. */
export function SigningSetupCard() {
  const { api, user } = useSession();
  const notify = useToast();
  const [options, setOptions] = useState<Options | null>(null);
  const [account, setAccount] = useState('');
  const [certs, setCerts] = useState<PluginCertificate[] | null>(null);
  const [pluginError, setPluginError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<Options>('/signing/options').then((o) => {
      setOptions(o);
      setAccount(o.remote.accountId ?? '');
    }).catch((e) => setError(errorText(e)));
  }, [api]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await api.post('/signing/remote-account', { accountId: account.trim() || null });
      notify('Đã lưu tài khoản ký số từ xa.', 'success');
    } catch (err) {
      setError(errorText(err));
    }
  };
  const checkPlugin = async () => {
    if (!options) return;
    setPluginError(null);
    try {
      setCerts(await pluginCertificates(options.tokenPluginUrl));
    } catch (err) {
      setCerts(null);
      setPluginError(errorText(err));
    }
  };
  return (
    <section className="card" aria-labelledby="thiet-lap-ky">
      <h2 id="thiet-lap-ky">Ký số</h2>
      <p>
        Ảnh chữ ký tay: {user?.hasSignatureImage ? 'đã có' : 'chưa có (nhờ quản trị tải lên)'} · <Link to="/ky-so">Danh sách ký số của tôi</Link>
      </p>
      {options?.remote.enabled && (
        <form className="form-grid" onSubmit={save} noValidate>
          <Field label={`Tài khoản tại ${options.remote.name}`} hint="Mã người dùng tại dịch vụ ký số từ xa (thường là số định danh cá nhân).">
            <input value={account} onChange={(e) => setAccount(e.target.value)} maxLength={100} />
          </Field>
          <div>
            <FormActions label="Lưu tài khoản ký từ xa" />
          </div>
        </form>
      )}
      <ChangePinForm />
      <h3>USB token (plugin ký số trên máy này)</h3>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => void checkPlugin()}>Kiểm tra plugin ký số</button>
      </div>
      <Alert>{pluginError}</Alert>
      {certs && (
        <ul data-testid="plugin-certs">
          {certs.length === 0 && <li>Không có chứng thư nào trên thiết bị.</li>}
          {certs.map((c) => (
            <li key={c.id}>{c.subject} — hết hạn {new Date(c.notAfter).toLocaleDateString('vi-VN')}</li>
          ))}
        </ul>
      )}
      <Alert>{error}</Alert>
    </section>
  );
}
