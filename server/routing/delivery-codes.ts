/** edXML status codes (QCVN 102:2016), used for internal deliveries too (domain.md §10). */
export const DELIVERY_STATUS = {
  arrived: '01',
  returned: '02',
  accepted: '03',
  assigned: '04',
  inProgress: '05',
  completed: '06',
  recallRequested: '13',
  recallAccepted: '15',
  recallRefused: '16',
} as const;
export type DeliveryStatus = (typeof DELIVERY_STATUS)[keyof typeof DELIVERY_STATUS];

export const deliveryStatusText: Record<DeliveryStatus, string> = {
  '01': 'Đã đến, văn thư chưa xử lý',
  '02': 'Bị trả lại',
  '03': 'Đã tiếp nhận, vào sổ',
  '04': 'Đã phân công xử lý',
  '05': 'Đang xử lý',
  '06': 'Đã hoàn thành',
  '13': 'Yêu cầu thu hồi',
  '15': 'Đồng ý thu hồi',
  '16': 'Từ chối thu hồi',
};

// Which status may follow which: the delivery transition table (delivery-workflow.ts).
