import type { PushedEvent } from '../../server/contract/events';
import { burstText, eventText } from '../../client/src/realtime-text';

const ref = { documentId: 'd1', subject: 'Quyết định phòng chống thiên tai', symbol: '12/QĐ-UBND' };
let nextId = 1;
const delivered = (codes: string[], status = '01', statusText = 'Đã đến'): PushedEvent =>
  ({ id: nextId++, type: 'document:delivered', createdAt: '', payload: { ...ref, status, statusText, deliveries: codes.map((c) => ({ deliveryId: `x-${c}`, orgCode: c, orgName: `UBND xã ${c}` })) } }) as PushedEvent;
const status = (code: string, statusCode: string, statusText: string): PushedEvent =>
  ({ id: nextId++, type: 'document:status', createdAt: '', payload: { ...ref, deliveryId: `x-${code}`, orgCode: code, orgName: `UBND xã ${code}`, status: statusCode, statusText, reason: null } }) as PushedEvent;

describe('the texts of delivery reports', () => {
  it('names the one recipient a report is about, else counts them', () => {
    expect(eventText(delivered(['A']))).toBe('UBND xã A: Đã đến (12/QĐ-UBND — Quyết định phòng chống thiên tai)');
    expect(eventText(delivered(['A', 'B', 'C']))).toBe('12/QĐ-UBND — Quyết định phòng chống thiên tai: 3 nơi nhận — Đã đến');
  });

  it('sums a burst by document and status, counting each recipient once across batches and single changes', () => {
    const burst = [delivered(['A', 'B']), delivered(['C', 'D', 'E']), status('A', '01', 'Đã đến'), status('B', '03', 'Đã tiếp nhận'), { id: nextId++, type: 'document:recalled', createdAt: '', payload: { ...ref, reason: 'sai' } } as PushedEvent];
    expect(burstText(burst)).toEqual([
      '12/QĐ-UBND — Quyết định phòng chống thiên tai: 5 nơi nhận — Đã đến',
      '12/QĐ-UBND — Quyết định phòng chống thiên tai: 1 nơi nhận — Đã tiếp nhận',
      'Văn bản bị thu hồi: 12/QĐ-UBND — Quyết định phòng chống thiên tai',
    ]);
  });
});
