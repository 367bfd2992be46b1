import { PdfReader } from '../pdf';
import { SignError } from './errors';
import { PageInfo } from './placement';

export interface AnchorHit {
  x: number;
  y: number;
  w: number;
  fontSize: number;
}

export async function findAnchor(_reader: PdfReader, _page: PageInfo, anchor: string): Promise<AnchorHit> {
  throw new SignError('SIGN_ANCHOR_NOT_FOUND', `Không tìm thấy chuỗi neo "${anchor}" trên trang.`, anchor);
}
