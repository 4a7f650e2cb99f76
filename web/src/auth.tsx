// The session: who is signed in, the CSRF token, and the code labels from GET /api/meta.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, api, onUnauthenticated, setCsrfToken } from './api';
import { ROLE_LABELS, UNIT_KIND_LABELS, labelFrom } from './labels';
import type { Meta, Role, UnitKind, User } from './labels';

type Status = 'loading' | 'anonymous' | 'authenticated' | 'unreachable';

interface Session {
  user: User;
  csrfToken: string;
}

export interface AuthContextValue {
  status: Status;
  user: User | null;
  meta: Meta | null;
  /** Set when the session ended on its own (expired), so the login page can say so. */
  expired: boolean;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
  retry(): void;
  hasRole(...roles: Role[]): boolean;
  roleName(code: Role): string;
  kindName(code: UnitKind): string;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [meta, setMeta] = useState<Meta | null>(null);
  const [expired, setExpired] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setUser(session.user);
    setExpired(false);
    setStatus('authenticated');
    api.get<Meta>('/api/meta').then(setMeta, () => setMeta(null));
  }, []);

  const signedOut = useCallback((byExpiry: boolean) => {
    setCsrfToken(null);
    setUser(null);
    setExpired(byExpiry);
    setStatus('anonymous');
  }, []);

  useEffect(() => {
    let cancelled = false;
    api.get<Session>('/api/auth/me').then(
      (session) => {
        if (!cancelled) signedIn(session);
      },
      (e: unknown) => {
        if (cancelled) return;
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) signedOut(false);
        else setStatus('unreachable');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt, signedIn, signedOut]);

  useEffect(() => onUnauthenticated(() => signedOut(true)), [signedOut]);

  const login = useCallback(
    async (username: string, password: string) => {
      const session = await api.post<Session>('/api/auth/login', { username, password });
      signedIn(session);
      return session.user;
    },
    [signedIn],
  );

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      signedOut(false);
    }
  }, [signedOut]);

  const value = useMemo<AuthContextValue>(
    () => ({
      status,
      user,
      meta,
      expired,
      login,
      logout,
      retry: () => {
        setStatus('loading');
        setAttempt((n) => n + 1);
      },
      hasRole: (...roles) => !!user && roles.some((r) => user.roles.includes(r)),
      roleName: (code) => labelFrom(meta?.roles, ROLE_LABELS, code),
      kindName: (code) => labelFrom(meta?.unitKinds, UNIT_KIND_LABELS, code),
    }),
    [status, user, meta, expired, login, logout],
  );

  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
