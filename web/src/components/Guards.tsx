import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import { useAuth } from '../auth';
import type { Role } from '../labels';

/** Sends anonymous visitors to the login page and back here afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, retry } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpin />;
  if (status === 'unreachable') {
    return (
      <Result
        status="warning"
        title="无法连接服务器"
        subTitle="请检查网络连接，或稍后再试。"
        extra={<Button type="primary" onClick={retry}>重新连接</Button>}
      />
    );
  }
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** Shows 403 instead of a page the user's roles do not open. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  if (!hasRole(...roles)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="您的角色不能使用此功能。如需开通，请联系系统管理员。"
        extra={
          <Link to="/">
            <Button type="primary">返回首页</Button>
          </Link>
        }
      />
    );
  }
  return children;
}

export function FullPageSpin() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
      <Spin size="large" description="正在加载…" />
    </div>
  );
}
