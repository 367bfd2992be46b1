import { useEffect, useState } from 'react';
import type { CatalogEntry } from '../../../server/contract/administration';
import { useSession } from '../session';

export type SubjectArea = CatalogEntry;

/**
 * The agency's subject areas (lĩnh vực) from its catalogue: `activeOnly` for choosing one, all of
 * them for filtering (old dossiers keep a stopped area). Empty: the agency keeps no catalogue and
 * forms take free text, as the server does; null while loading.
 */
export function useSubjectAreas(activeOnly: boolean): SubjectArea[] | null {
  const { api, user } = useSession();
  const [areas, setAreas] = useState<SubjectArea[] | null>(null);
  useEffect(() => {
    if (!user?.orgCode) return;
    let live = true;
    api
      .get<{ items: SubjectArea[] }>(`/organizations/${encodeURIComponent(user.orgCode)}/catalog?kind=subject_area${activeOnly ? '&active=true' : ''}`)
      .then((r) => live && setAreas(r.items))
      .catch(() => live && setAreas([]));
    return () => {
      live = false;
    };
  }, [api, user?.orgCode, activeOnly]);
  return areas;
}
