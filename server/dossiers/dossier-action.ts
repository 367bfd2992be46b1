import type { z } from 'zod';
import type { Actor } from '../shared/actor';
import { AppError } from '../shared/errors';
import { inTransaction, type TransactionDeps } from '../shared/unit-of-work';
import { vietnamDate } from '../shared/vietnam-time';
import { findUserById } from '../users/users.repository';
import { dossierStatusNames, type DossierAction, type dossierActionSchema } from './dossier-contract';
import { dossierContext, lockDossierFor, watchersOf } from './dossier-access';
import { DOSSIER_WORKFLOW, requireDossierTransition } from './dossier-workflow';
import { updateDossier, type DossierRow } from './dossiers.repository';

/** One step of the dossier's life cycle, as the transition table allows; audited and pushed to its people. */
export async function takeDossierAction(deps: TransactionDeps & { now: () => Date }, actor: Actor, id: string, action: DossierAction, input: z.infer<typeof dossierActionSchema>): Promise<DossierRow> {
  const row = DOSSIER_WORKFLOW.find((t) => t.action === action);
  if (row?.needsReason && !input.reason) throw new AppError('VALIDATION_FAILED', `Cần lý do để "${row.label.toLowerCase()}"`);
  if (action === 'transfer' && !input.toUserId) throw new AppError('VALIDATION_FAILED', 'Cần người nhận hồ sơ (toUserId)');
  return inTransaction(deps, async (uow) => {
    const dossier = await lockDossierFor(uow.trx, actor, id);
    const next = requireDossierTransition(action, dossierContext(actor, dossier));
    const changes: Partial<DossierRow> = { status: next };
    let summary = `${row!.label}: ${dossier.title}`;
    let notifyExtra: string[] = [];
    if (input.reason) {
      changes.status_reason = input.reason;
      summary += ` — lý do: ${input.reason}`;
    } else if (action !== 'transfer') changes.status_reason = null;
    if (action === 'approve') {
      changes.closed_on = vietnamDate(deps.now());
      changes.progress = 100;
    }
    if (action === 'reopen') changes.closed_on = null;
    if (action === 'transfer') {
      const to = await findUserById(uow.trx, input.toUserId!);
      if (!to || to.organization_id !== dossier.organization_id) throw new AppError('USER_NOT_FOUND', 'Người nhận hồ sơ không thuộc cơ quan');
      if (to.id === dossier.owner_id) throw new AppError('VALIDATION_FAILED', 'Người nhận đang là người giải quyết hồ sơ');
      changes.owner_id = to.id;
      summary = `Chuyển hồ sơ cho ${to.full_name}: ${dossier.title}${input.reason ? ` — ${input.reason}` : ''}`;
      notifyExtra = [to.id];
    }
    const updated = await updateDossier(uow.trx, dossier.id, changes);
    const me = await findUserById(uow.trx, actor.userId);
    await uow.notify([...new Set([...watchersOf(dossier, actor.userId), ...notifyExtra])], 'dossier:changed', {
      documentId: dossier.source_document_id ?? '', subject: dossier.title, symbol: dossier.code, dossierId: dossier.id, title: dossier.title, status: updated.status, action: action === 'transfer' ? 'Chuyển người giải quyết' : `${row!.label} → ${dossierStatusNames[updated.status]}`, by: me?.full_name ?? '',
    });
    await uow.audit({ actorId: actor.userId, organizationId: dossier.organization_id, action: `dossier.${action}`, objectType: 'dossier', objectId: dossier.id, summary, data: { from: dossier.status, to: updated.status, reason: input.reason ?? null, toUserId: input.toUserId ?? null } });
    return updated;
  });
}
