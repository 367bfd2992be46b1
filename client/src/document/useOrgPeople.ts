import { useEffect, useState } from 'react';
import type { User } from '../api/types';
import { useSession } from '../session';

export interface OrgPeople {
  users: User[];
  units: { id: string; name: string; abbreviation: string }[];
}

/** The people and units of the caller's own organisation (for submitting and assigning). */
export function useOrgPeople(): OrgPeople | null {
  const { api, user } = useSession();
  const [people, setPeople] = useState<OrgPeople | null>(null);
  useEffect(() => {
    if (!user?.orgCode) return;
    const code = encodeURIComponent(user.orgCode);
    void Promise.all([api.get<{ items: User[] }>(`/organizations/${code}/users`), api.get<{ units?: OrgPeople['units'] }>(`/organizations/${code}`)])
      .then(([u, o]) => setPeople({ users: u.items, units: o.units ?? [] }))
      .catch(() => setPeople({ users: [], units: [] }));
  }, [api, user?.orgCode]);
  return people;
}
