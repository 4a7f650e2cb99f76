import { useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Button, Dropdown, Layout, Menu, Space, Tag } from 'antd';
import type { MenuProps } from 'antd';
import { DownOutlined, HomeOutlined, KeyOutlined, LogoutOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth';
import { visibleNav } from '../nav';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { ErrorBoundary } from './ErrorBoundary';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { user, logout, roleName } = useAuth();
  const { message } = App.useApp();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);

  const items = useMemo(() => visibleNav(user?.roles ?? []), [user]);
  const menuItems = useMemo<MenuProps['items']>(() => {
    const work = items.filter((i) => !i.group).map((i) => ({ key: i.path, icon: i.icon, label: <Link to={i.path}>{i.label}</Link> }));
    const admin = items.filter((i) => i.group === 'admin').map((i) => ({ key: i.path, icon: i.icon, label: <Link to={i.path}>{i.label}</Link> }));
    return [
      { key: '/', icon: <HomeOutlined />, label: <Link to="/">首页</Link> },
      ...work,
      ...(admin.length > 0 ? [{ key: 'admin', icon: <SettingOutlined />, label: '系统管理', children: admin }] : []),
    ];
  }, [items]);

  const selected = items.find((i) => location.pathname === i.path || location.pathname.startsWith(`${i.path}/`))?.path ?? (location.pathname === '/' ? '/' : '');

  if (!user) return null;

  const onLogout = async () => {
    try {
      await logout();
    } catch {
      message.warning('退出时服务器未响应，已在本机退出');
    }
    navigate('/login', { replace: true });
  };

  return (
    <Layout className="ms-shell">
      <Header className="ms-header">
        <Link to="/" className="ms-brand" aria-label="民声 12345 政务服务平台 首页">
          <span className="ms-logo" aria-hidden>
            民
          </span>
          <span className="ms-brand-name">民声 12345</span>
          <span className="ms-brand-sub">政务服务平台</span>
        </Link>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'unit', label: <span className="ms-user-menu-unit">{user.unitName}</span>, disabled: true },
              { type: 'divider' },
              { key: 'password', icon: <KeyOutlined />, label: '修改密码', onClick: () => setChangingPassword(true) },
              { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', onClick: () => void onLogout() },
            ],
          }}
        >
          <Button type="text" className="ms-user" data-testid="user-menu">
            <Space size={6}>
              <UserOutlined />
              <span>{user.displayName || user.username}</span>
              <span className="ms-user-roles">
                {user.roles.slice(0, 3).map((r) => (
                  <Tag key={r} variant="filled" color="blue" style={{ marginInlineEnd: 4 }}>
                    {roleName(r)}
                  </Tag>
                ))}
              </span>
              <DownOutlined style={{ fontSize: 10 }} />
            </Space>
          </Button>
        </Dropdown>
      </Header>
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
      <Layout>
        <Sider
          width={200}
          theme="light"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          className="ms-sider"
          breakpoint="lg"
        >
          <nav aria-label="主菜单" data-testid="main-menu">
            <Menu mode="inline" selectedKeys={[selected]} defaultOpenKeys={['admin']} items={menuItems} />
          </nav>
        </Sider>
        <Content className="ms-content">
          <ErrorBoundary resetKey={location.pathname}>
            <Outlet />
          </ErrorBoundary>
        </Content>
      </Layout>
    </Layout>
  );
}
