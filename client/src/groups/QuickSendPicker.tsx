import { useEffect, useState } from 'react';
import type { RecipientGroupView } from '../../../server/recipient-groups/recipient-group-view';
import { useSession } from '../session';

/** "Nhóm gửi nhanh" in the issue dialog: choosing a group adds its agencies and internal units. */
export function QuickSendPicker({ onApply }: { onApply: (group: RecipientGroupView) => void }) {
  const { api } = useSession();
  const [groups, setGroups] = useState<RecipientGroupView[]>([]);
  useEffect(() => void api.get<{ items: RecipientGroupView[] }>('/recipient-groups').then((r) => setGroups(r.items)).catch(() => undefined), [api]);
  if (groups.length === 0) return null;
  return (
    <label>
      Nhóm gửi nhanh{' '}
      <select
        value=""
        onChange={(e) => {
          const g = groups.find((x) => x.id === e.target.value);
          if (g) onApply(g);
        }}
      >
        <option value="">— Thêm nơi nhận từ nhóm —</option>
        {groups.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name} ({g.organizations.length} cơ quan, {g.units.length} đơn vị{g.shared ? ', dùng chung' : ''})
          </option>
        ))}
      </select>
    </label>
  );
}
