import { CodedError } from '../coded-error';

/** Coded errors of the demo CA and its clients; `message` is Vietnamese, `detail` English for logs. */
export type CaErrorCode =
  | 'CA_NOT_FOUND'
  | 'CA_CORRUPT'
  | 'CA_BAD_INPUT'
  | 'CA_UNKNOWN_SERIAL'
  | 'TSA_UNAVAILABLE'
  | 'TSA_REJECTED'
  | 'OCSP_UNAVAILABLE'
  | 'CRL_UNAVAILABLE';

const MESSAGES: Record<CaErrorCode, string> = {
  CA_NOT_FOUND: 'Không tìm thấy dữ liệu của CA thử nghiệm trong thư mục đã chỉ định.',
  CA_CORRUPT: 'Dữ liệu của CA thử nghiệm bị hỏng hoặc không đầy đủ.',
  CA_BAD_INPUT: 'Thông tin yêu cầu cấp chứng thư số không hợp lệ.',
  CA_UNKNOWN_SERIAL: 'Không tìm thấy chứng thư số có số hiệu này.',
  TSA_UNAVAILABLE: 'Không kết nối được tới máy chủ cấp dấu thời gian.',
  TSA_REJECTED: 'Máy chủ cấp dấu thời gian từ chối yêu cầu.',
  OCSP_UNAVAILABLE: 'Không kiểm tra được trạng thái chứng thư số qua OCSP.',
  CRL_UNAVAILABLE: 'Không tải được danh sách chứng thư số bị thu hồi (CRL).',
};

export class CaError extends CodedError<CaErrorCode> {
  constructor(code: CaErrorCode, detail = '', message = MESSAGES[code]) {
    super('CaError', code, message, detail);
  }
}
