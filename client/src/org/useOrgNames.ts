import { useEffect, useState } from 'react';
import type { Organization } from '../api/types';
import { useSession } from '../session';

/** Organisation names by code, from the directory tree (to show recipients by name). */
export function useOrgNames(enabled: boolean): Map<string, string> {
  const { api } = useSession();
  const [names, setNames] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    api
      .get<{ tree: Organization[] }>('/organizations')
      .then((r) => {
        const map = new Map<string, string>();
        const walk = (nodes: Organization[]) => nodes.forEach((n) => (map.set(n.code, n.name), walk(n.children ?? [])));
        walk(r.tree);
        if (live) setNames(map);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, enabled]);
  return names;
}
