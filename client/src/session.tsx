import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createApi, type Api } from './api/http';
import type { User } from './api/types';

interface Session {
  token: string | null;
  user: User | null;
  api: Api;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  /** The account as the server answered after a change (profile, preferences). */
  replaceUser(user: User): void;
}

const KEY = 'vanban.session';
const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('SessionProvider missing');
  return s;
}

export const hasRole = (user: User | null, role: string): boolean => Boolean(user?.roles.includes(role));

/**
 * The token lives in sessionStorage: each tab is its own session (the browser test signs several
 * users in side by side), and closing the tab signs out.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(KEY));
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(Boolean(token));

  const dropSession = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setToken(null);
    setUser(null);
  }, []);
  const api = useMemo(() => createApi(token, dropSession), [token, dropSession]);

  useEffect(() => {
    if (!token || user) return;
    let live = true;
    api
      .get<User>('/auth/me')
      .then((u) => live && setUser(u))
      .catch(() => live && dropSession())
      .finally(() => live && setChecking(false));
    return () => {
      live = false;
    };
  }, [token, user, api, dropSession]);

  const login = useCallback(async (username: string, password: string) => {
    const res = await createApi(null, () => undefined).post<{ token: string; user: User }>('/auth/login', { username, password });
    sessionStorage.setItem(KEY, res.token);
    setUser(res.user);
    setToken(res.token);
  }, []);
  const logout = useCallback(async () => {
    await api.post('/auth/logout').catch(() => undefined);
    dropSession();
  }, [api, dropSession]);

  const value = useMemo(() => ({ token, user, api, login, logout, replaceUser: setUser }), [token, user, api, login, logout]);
  if (checking && !user) return <p className="loading">Đang tải…</p>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
