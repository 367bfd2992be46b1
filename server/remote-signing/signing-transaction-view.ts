/** A signing transaction (remote service or USB token) as the signing list shows it. Shared with the web client: no imports. */
export interface SigningTransactionView {
  id: string;
  documentId: string;
  documentSubject: string;
  method: 'remote' | 'token';
  provider: string | null;
  status: 'pending' | 'completing' | 'done' | 'failed' | 'cancelled' | 'expired';
  statusText: string;
  error: string | null;
  createdAt: string;
  expiresAt: string;
  finishedAt: string | null;
}

export const SIGNING_STATUS_TEXT: Record<SigningTransactionView['status'], string> = {
  pending: 'Đang chờ xác nhận',
  completing: 'Đang gắn chữ ký',
  done: 'Đã ký',
  failed: 'Không thành công',
  cancelled: 'Đã huỷ',
  expired: 'Hết hạn',
};
