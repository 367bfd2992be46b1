import { directionSchema } from '../../../server/contract/assignments';
import { fieldErrors } from '../../../server/contract/documents';
import { useState, type FormEvent } from 'react';
import { Alert, FormActions } from '../ui/Alert';
import { errorText } from '../api/http';
import { todayIso } from '../format';
import { OrgPicker } from '../org/OrgPicker';
import { useSession } from '../session';
import { Field } from '../ui/Field';
import type { OrgPeople } from './useOrgPeople';

type Assignee = { userId: string } | { unitId: string };
/** Options are encoded "u:<id>" (a person) or "d:<id>" (a unit) so one list holds both. */
const decode = (v: string): Assignee => (v.startsWith('u:') ? { userId: v.slice(2) } : { unitId: v.slice(2) });

export interface DirectionInput {
  instruction: string;
  lead: Assignee;
  coordinators: Assignee[];
  inform: Assignee[];
  deadline?: string;
  forwardTo: string[];
}

/** The leader's instruction (bút phê): lead, coordinators, for information, deadline, forward down. */
export function DirectionForm({ people, onSubmit, onCancel }: { people: OrgPeople; onSubmit: (input: DirectionInput) => Promise<void>; onCancel: () => void }) {
  const { user } = useSession();
  const [instruction, setInstruction] = useState('');
  const [lead, setLead] = useState('');
  const [coordinators, setCoordinators] = useState<string[]>([]);
  const [inform, setInform] = useState<string[]>([]);
  const [deadline, setDeadline] = useState(todayIso(7));
  const [forward, setForward] = useState(false);
  const [forwardTo, setForwardTo] = useState<string[]>([]);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const options: [string, string][] = [
    ...people.units.map((u): [string, string] => [`d:${u.id}`, `Đơn vị: ${u.name}`]),
    ...people.users.filter((u) => u.id !== user?.id).map((u): [string, string] => [`u:${u.id}`, `${u.fullName}${u.position ? ` — ${u.position}` : ''}${u.unit ? ` (${u.unit.abbreviation || u.unit.name})` : ''}`]),
  ];
  const errors = {
    instruction: tried ? fieldErrors(directionSchema.shape.instruction, instruction)[''] : undefined,
    lead: tried && !lead ? 'Chọn người hoặc đơn vị chủ trì' : undefined,
    deadline: tried && deadline && deadline < todayIso() ? 'Hạn xử lý không thể là ngày đã qua' : undefined,
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (fieldErrors(directionSchema.shape.instruction, instruction)[''] || !lead || (deadline && deadline < todayIso())) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        instruction: instruction.trim(),
        lead: decode(lead),
        coordinators: coordinators.filter((c) => c !== lead).map(decode),
        inform: inform.filter((c) => c !== lead && !coordinators.includes(c)).map(decode),
        ...(deadline ? { deadline } : {}),
        forwardTo: forward ? forwardTo : [],
      });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const multi = (label: string, value: string[], set: (v: string[]) => void) => (
    <fieldset className="check-list">
      <legend>{label}</legend>
      {options
        .filter(([v]) => v !== lead)
        .map(([v, t]) => (
          <label key={v}>
            <input type="checkbox" checked={value.includes(v)} onChange={() => set(value.includes(v) ? value.filter((x) => x !== v) : [...value, v])} />
            {t}
          </label>
        ))}
    </fieldset>
  );

  return (
    <form className="inline-form direction-form" onSubmit={submit} noValidate aria-label="Cho ý kiến chỉ đạo">
      <Field label="Ý kiến chỉ đạo" error={errors.instruction}>
        <textarea rows={3} value={instruction} onChange={(e) => setInstruction(e.target.value)} autoFocus />
      </Field>
      <Field label="Chủ trì xử lý" error={errors.lead}>
        <select value={lead} onChange={(e) => setLead(e.target.value)}>
          <option value="">— Chọn người hoặc đơn vị —</option>
          {options.map(([v, t]) => (
            <option key={v} value={v}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      {multi('Phối hợp', coordinators, setCoordinators)}
      {multi('Để biết', inform, setInform)}
      <Field label="Hạn xử lý" error={errors.deadline} hint="Để trống nếu không giao hạn">
        <input type="date" value={deadline} min={todayIso()} onChange={(e) => setDeadline(e.target.value)} />
      </Field>
      <label className="check">
        <input type="checkbox" checked={forward} onChange={(e) => setForward(e.target.checked)} />
        Chuyển tiếp cho cơ quan cấp dưới
      </label>
      {forward && <OrgPicker selected={forwardTo} onChange={setForwardTo} exclude={user?.orgCode} legend="Cơ quan cấp dưới nhận văn bản" />}
      <Alert>{error}</Alert>
      <FormActions label="Giao xử lý" busy={busy} busyLabel="Đang giao…" onCancel={onCancel} />
    </form>
  );
}
