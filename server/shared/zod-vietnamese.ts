import { z } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  string: 'chuỗi ký tự',
  number: 'số',
  int: 'số nguyên',
  bigint: 'số nguyên',
  boolean: 'giá trị đúng/sai',
  object: 'đối tượng',
  array: 'danh sách',
  date: 'ngày',
};

const typeName = (t: string): string => TYPE_NAMES[t] ?? t;

type Issue = Parameters<NonNullable<Parameters<typeof z.config>[0]>['customError'] & object>[0];

/** Messages for the issues users actually meet, in plain Vietnamese; the rest falls back to zod's `vi` locale. */
function vietnameseIssue(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Thiếu giá trị bắt buộc' : `Sai kiểu dữ liệu: cần ${typeName(String(issue.expected))}`;
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `Quá dài: tối đa ${max} ký tự`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Quá nhiều phần tử: tối đa ${max}`;
      return `Quá lớn: tối đa ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Không được để trống' : `Quá ngắn: tối thiểu ${min} ký tự`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Cần ít nhất ${min} phần tử`;
      return `Quá nhỏ: tối thiểu ${min}`;
    }
    case 'invalid_value':
      return `Giá trị không hợp lệ: chỉ nhận ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `Trường không được hỗ trợ: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'Giá trị không đúng dạng nào được chấp nhận';
    default:
      return undefined;
  }
}

let configured = false;

/** Zod's messages are global configuration: set once, before any schema reports a problem. */
export function useVietnameseZodMessages(): void {
  if (configured) return;
  configured = true;
  z.config(z.locales.vi());
  z.config({ customError: vietnameseIssue });
}
