/** Where the CA's artefacts are published; the HTTP server mounts its routes on the same paths. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:3000/api/v1/pki';

export const PKI_PATHS = {
  rootCrl: '/crl/root.crl',
  subCrl: '/crl/sub.crl',
  ocsp: '/ocsp',
  tsa: '/tsa',
  rootCert: '/certs/root.cer',
  subCert: '/certs/sub.cer',
} as const;

export type PkiUrls = { [K in keyof typeof PKI_PATHS]: string };

export function pkiUrls(baseUrl: string): PkiUrls {
  const base = baseUrl.replace(/\/+$/, '');
  const entries = Object.entries(PKI_PATHS).map(([key, p]) => [key, base + p]);
  return Object.fromEntries(entries) as PkiUrls;
}
