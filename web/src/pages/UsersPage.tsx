import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Badge, Button, Card, Checkbox, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { LockOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, errorText } from '../api';
import { useAuth } from '../auth';
import { useLoad } from '../hooks';
import { formatDateTime } from '../labels';
import type { Page, Role, User } from '../labels';
import { indexTree } from '../tree';
import { useUnitTree } from '../units';
import { ImportButton } from '../components/ImportButton';
import { UsersImportGuide, usersTemplate } from '../components/ImportGuides';
import { ImportResult } from '../components/ImportResult';
import { LinkButton } from '../components/LinkButton';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { PasswordDialog } from '../components/PasswordDialog';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { UserFormDialog, useRoleOptions } from '../components/UserFormDialog';
import type { UserDialogState } from '../components/UserFormDialog';

interface ImportAnswer {
  rows: number;
  created: number;
  rejected: unknown;
}

export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const { user: me, hasRole, roleName } = useAuth();
  const canEdit = hasRole('admin', 'unit_admin');
  const { message } = App.useApp();
  const roleOptions = useRoleOptions();
  const units = useUnitTree();
  const unitIndex = useMemo(() => indexTree(units.data ?? []), [units.data]);
  /** 星湾区 / 兴滨街道 / 清洲社区 / 第1网格: the unit under the top of the caller's tree, so "第1网格" says which one. */
  const unitPath = (id: User['unitId']): string | null => {
    const entry = unitIndex.get(String(id));
    if (!entry) return null;
    return [...entry.ancestors.slice(1), entry.node].map((u) => u.shortName || u.name).join(' / ');
  };
  /** The signed-in user's own unit code: the import template's example user belongs there. */
  const ownCode = me ? (unitIndex.get(String(me.unitId))?.node.code ?? units.data?.[0]?.code) : undefined;
  const [dialog, setDialog] = useState<UserDialogState>(null);
  const [passwordFor, setPasswordFor] = useState<User | null>(null);

  const unit = params.get('unit') ?? undefined;
  const subtree = params.get('subtree') !== 'false';
  const role = (params.get('role') as Role | null) ?? undefined;
  const q = params.get('q') ?? '';
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const [text, setText] = useState(q);

  const update = (changes: Record<string, string | undefined>, resetPage = true) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (resetPage) next.delete('page');
    setParams(next, { replace: true });
  };

  const users = useLoad(
    (signal) => api.get<Page<User>>('/api/users', { unit, subtree: unit ? subtree : undefined, role, q: q || undefined, page, pageSize }, signal),
    [unit, subtree, role, q, page, pageSize],
  );

  const unlock = async (u: User) => {
    try {
      await api.post<User>(`/api/users/${u.id}/unlock`);
      message.success(`已解锁「${u.displayName || u.username}」`);
      users.reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <>
      <PageHeader
        title="用户"
        hint={users.data ? `共 ${users.data.total} 个用户` : '工作人员账号与角色'}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={users.reload}>
              刷新
            </Button>
            {canEdit ? (
              <>
                <ImportButton<ImportAnswer>
                  label="导入"
                  dialogTitle="导入用户"
                  accept=".csv,text/csv"
                  resultTitle="用户导入结果"
                  guide={<UsersImportGuide ownCode={ownCode} roleName={roleName} />}
                  template={usersTemplate(ownCode, roleName)}
                  upload={(text) => api.postText<ImportAnswer>('/api/users/import', text)}
                  onDone={users.reload}
                  renderResult={(r) => <ImportResult stats={[{ label: '新增', value: r.created }]} rejected={r.rejected} rows={r.rows} />}
                />
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ mode: 'create', unitId: unitIndex.get(unit ?? '')?.node.id })}>
                  新增用户
                </Button>
              </>
            ) : null}
          </Space>
        }
      />
      <Card size="small" className="ms-filters">
        <Space wrap size={[12, 8]}>
          <UnitTreeSelect
            tree={units.data}
            value={unit}
            onChange={(v) => update({ unit: v === undefined ? undefined : String(v) })}
            placeholder="全部单位"
            style={{ width: 280 }}
            aria-label="按单位筛选"
            data-testid="filter-unit"
          />
          {unit ? (
            <Checkbox checked={subtree} onChange={(e) => update({ subtree: e.target.checked ? undefined : 'false' })}>
              含下级单位
            </Checkbox>
          ) : null}
          <Select
            allowClear
            placeholder="全部角色"
            value={role}
            onChange={(v: Role | undefined) => update({ role: v })}
            options={roleOptions}
            style={{ width: 160 }}
            aria-label="按角色筛选"
            data-testid="filter-role"
          />
          <Input.Search
            allowClear
            placeholder="用户名或姓名"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            style={{ width: 240 }}
            aria-label="搜索用户"
          />
        </Space>
      </Card>
      {users.error && !users.data ? (
        <LoadError error={users.error} onRetry={users.reload} />
      ) : (
        <Card size="small">
          <Table<User>
            size="small"
            rowKey={(u) => String(u.id)}
            loading={users.loading}
            dataSource={users.data?.items ?? []}
            data-testid="user-table"
            pagination={{
              current: page,
              pageSize,
              total: users.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) => `共 ${total} 条`,
              onChange: (p, ps) => update({ page: p === 1 ? undefined : String(p), pageSize: ps === 20 ? undefined : String(ps) }, false),
            }}
            locale={{ emptyText: '没有符合条件的用户' }}
            columns={[
              { title: '用户名', dataIndex: 'username', width: 160, render: (v: string) => <span className="ms-mono">{v}</span> },
              { title: '姓名', dataIndex: 'displayName', width: 190, ellipsis: true },
              {
                title: '所属单位',
                dataIndex: 'unitName',
                ellipsis: { showTitle: false },
                render: (name: string, u) => {
                  const path = unitPath(u.unitId);
                  return (
                    <Tooltip title={path ?? name} placement="topLeft">
                      <span>{path ?? name}</span>
                    </Tooltip>
                  );
                },
              },
              {
                title: '角色',
                dataIndex: 'roles',
                width: 200,
                render: (roles: Role[]) =>
                  roles.map((r) => (
                    <Tag key={r} color={r === 'admin' || r === 'unit_admin' ? 'gold' : 'blue'}>
                      {roleName(r)}
                    </Tag>
                  )),
              },
              {
                title: '状态',
                key: 'status',
                width: 130,
                render: (_: unknown, u) => (
                  <Space size={4}>
                    {u.active ? <Badge status="success" text="启用" /> : <Badge status="default" text="停用" />}
                    {u.locked ? (
                      <Tag color="red" icon={<LockOutlined />}>
                        已锁定
                      </Tag>
                    ) : null}
                  </Space>
                ),
              },
              { title: '最近登录', dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => formatDateTime(v) },
              {
                title: '操作',
                key: 'actions',
                width: 190,
                render: (_: unknown, u) => (
                  <Space size={0}>
                    <LinkButton onClick={() => setDialog({ mode: 'edit', user: u })}>编辑</LinkButton>
                    <LinkButton onClick={() => setPasswordFor(u)}>重置密码</LinkButton>
                    {u.locked ? (
                      <Popconfirm
                        title={`解锁「${u.displayName || u.username}」？`}
                        description="清除登录失败次数，该用户可立即登录。"
                        okText="解锁"
                        cancelText="取消"
                        onConfirm={() => unlock(u)}
                      >
                        <LinkButton>解锁</LinkButton>
                      </Popconfirm>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      <UserFormDialog
        state={dialog}
        tree={units.data}
        onClose={() => setDialog(null)}
        onSaved={(u) => {
          message.success(dialog?.mode === 'create' ? `已新增用户「${u.username}」` : `已保存用户「${u.username}」`);
          users.reload();
        }}
      />
      <PasswordDialog user={passwordFor} onClose={() => setPasswordFor(null)} onSaved={(u) => message.success(`已重置「${u.username}」的密码`)} />
    </>
  );
}
