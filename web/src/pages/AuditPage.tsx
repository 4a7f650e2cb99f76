import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card, DatePicker, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { GetProps } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useAuth } from '../auth';
import { useLoad } from '../hooks';
import { AUDIT_CATEGORIES, CODE_LISTS, DAY_KIND_LABELS, ROLE_LABELS, UNIT_KIND_LABELS, auditActionColor, auditActionLabel, formatTimestamp } from '../labels';
import type { AuditEntry, DayKind, Page, Role, SubjectNode, UnitKind, UnitNode, User } from '../labels';
import { indexTree } from '../tree';
import type { Indexed } from '../tree';
import { useUnitTree } from '../units';
import { LinkButton } from '../components/LinkButton';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];

/** Names of the keys that appear in `details`; unknown keys show as they are. */
const DETAIL_KEYS: Record<string, string> = {
  name: '名称',
  shortName: '简称',
  code: '编码',
  kind: '类型',
  parentId: '上级',
  sortOrder: '排序',
  active: '状态',
  username: '用户名',
  displayName: '姓名',
  unitId: '所属单位',
  roles: '角色',
  failedLogins: '连续失败次数',
  locked: '已被锁定',
  reason: '原因',
  nameEn: '英文名称',
  rows: '行数',
  created: '新增',
  existing: '已存在',
  rejected: '被拒绝',
  years: '年份',
  days: '天数',
  units: '单位数',
  users: '用户数',
};

const REASONS: Record<string, string> = { inactive: '账号已停用', locked: '账号已锁定' };

const TARGET_TYPES: Record<string, string> = {
  unit: '单位',
  user: '用户',
  subject: '诉求分类',
  calendar_day: '日期',
  ...Object.fromEntries(CODE_LISTS.map((c) => [c.list, c.name])),
};

/** Users named by the audit rows' targets (log-ins name only the user id), fetched once each. */
function useUserNames(ids: string[]): Map<string, User | null> {
  const cache = useRef(new Map<string, User | null>());
  const pending = useRef(new Set<string>());
  const [, setVersion] = useState(0);
  const key = ids.join(',');
  useEffect(() => {
    const missing = ids.filter((id) => !cache.current.has(id) && !pending.current.has(id));
    if (missing.length === 0) return;
    for (const id of missing) pending.current.add(id);
    void Promise.allSettled(missing.map((id) => api.get<User>(`/api/users/${encodeURIComponent(id)}`))).then((results) => {
      results.forEach((r, i) => {
        const id = missing[i]!;
        pending.current.delete(id);
        cache.current.set(id, r.status === 'fulfilled' ? r.value : null);
      });
      setVersion((n) => n + 1);
    });
  }, [key]);
  return cache.current;
}

interface Context {
  units: Map<string, Indexed<UnitNode>>;
  subjects: Map<string, Indexed<SubjectNode>>;
  users: Map<string, User | null>;
  roleName: (r: Role) => string;
  kindName: (k: UnitKind) => string;
}

function userLabel(id: string | null, ctx: Context): string {
  if (!id) return '—';
  const u = ctx.users.get(id);
  if (!u) return `用户 #${id}`;
  return u.displayName && u.displayName !== u.username ? `${u.username}（${u.displayName}）` : u.username;
}

function unitLabel(id: unknown, ctx: Context): string {
  const entry = ctx.units.get(String(id));
  return entry ? entry.node.name : `单位 #${String(id)}`;
}

function detailValue(key: string, value: unknown, entry: AuditEntry, ctx: Context): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (typeof value === 'boolean') {
    if (key === 'active') return value ? '启用' : '停用';
    return value ? '是' : '否';
  }
  if (key === 'kind' && typeof value === 'string') {
    if (entry.action.startsWith('calendar.')) return DAY_KIND_LABELS[value as DayKind] ?? value;
    return value in UNIT_KIND_LABELS ? ctx.kindName(value as UnitKind) : value;
  }
  if ((key === 'parentId' || key === 'unitId') && entry.targetType !== 'subject') return unitLabel(value, ctx);
  if (key === 'parentId' && entry.targetType === 'subject') return ctx.subjects.get(String(value))?.node.name ?? `#${String(value)}`;
  if (key === 'roles' && Array.isArray(value)) return value.map((r) => (r in ROLE_LABELS ? ctx.roleName(r as Role) : String(r))).join('、');
  if (key === 'reason' && typeof value === 'string') return REASONS[value] ?? value;
  if (Array.isArray(value)) return value.map(String).join('、');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `名称：某某街道；编码：E2E-S01` */
function detailsText(entry: AuditEntry, ctx: Context): string {
  const order = Object.keys(DETAIL_KEYS);
  const rank = (k: string) => (order.includes(k) ? order.indexOf(k) : order.length);
  // Updates carry the old values under `before`: show them as 原值 → 新值.
  const before = (entry.details?.before ?? null) as Record<string, unknown> | null;
  const parts = Object.entries(entry.details ?? {})
    .filter(([k]) => k !== 'before')
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => {
      const label = DETAIL_KEYS[k] ?? k;
      const value = detailValue(k, v, entry, ctx);
      return before && k in before ? `${label}：${detailValue(k, before[k], entry, ctx)} → ${value}` : `${label}：${value}`;
    });
  return parts.length > 0 ? parts.join('；') : '—';
}

function targetText(entry: AuditEntry, ctx: Context): string {
  const { targetType: type, targetId: id } = entry;
  if (!type) return '—';
  const typeName = TARGET_TYPES[type] ?? type;
  if (id === null) return typeName;
  switch (type) {
    case 'unit': {
      const u = ctx.units.get(id);
      return u ? `单位 ${[...u.ancestors.slice(1), u.node].map((n) => n.name).join(' / ')}` : `单位 #${id}`;
    }
    case 'user':
      return `账号 ${userLabel(id, ctx)}`;
    case 'subject': {
      const s = ctx.subjects.get(id);
      return s ? `分类 ${[...s.ancestors, s.node].map((n) => n.name).join(' / ')}` : `分类 #${id}`;
    }
    case 'calendar_day':
      return id;
    default:
      return `${typeName} ${typeof entry.details.name === 'string' ? `${entry.details.name}（${id}）` : id}`;
  }
}

/** Beijing midnight of a picked day, as ISO with offset (the picker's days are Beijing days). */
function dayStart(d: NonNullable<RangeValue>[number], addDays = 0): string | undefined {
  if (!d) return undefined;
  return `${d.add(addDays, 'day').format('YYYY-MM-DD')}T00:00:00+08:00`;
}

function shanghaiToday(): string {
  return new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/** 操作日志: who changed what and who logged in, newest first; platform administrators only. */
export function AuditPage() {
  const { roleName, kindName } = useAuth();
  const [category, setCategory] = useState<string | undefined>();
  const [range, setRange] = useState<RangeValue>(null);
  const [actor, setActor] = useState<{ id: number; name: string } | null>(null);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const from = dayStart(range?.[0] ?? null);
  const to = dayStart(range?.[1] ?? null, 1); // the API's `to` is exclusive: up to the end of the last day
  const log = useLoad(
    (signal) => api.get<Page<AuditEntry>>('/api/audit', { action: category, actor: actor?.id, from, to, page, pageSize }, signal),
    [category, actor?.id, from, to, page, pageSize],
  );

  const units = useUnitTree();
  const subjects = useLoad((signal) => api.get<{ tree: SubjectNode[] }>('/api/catalogue/subjects', undefined, signal).then((r) => r.tree), []);
  const unitIndex = useMemo(() => indexTree(units.data ?? []), [units.data]);
  const subjectIndex = useMemo(() => indexTree(subjects.data ?? []), [subjects.data]);
  const userIds = useMemo(() => Array.from(new Set((log.data?.items ?? []).filter((e) => e.targetType === 'user' && e.targetId).map((e) => e.targetId!))).sort(), [log.data]);
  const users = useUserNames(userIds);
  const ctx: Context = { units: unitIndex, subjects: subjectIndex, users, roleName, kindName };

  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };
  const today = shanghaiToday();

  return (
    <>
      <PageHeader
        title="操作日志"
        hint={log.data ? `共 ${log.data.total} 条记录 · 登录与配置的修改（组织、用户、分类字典、日历、派单目录、时限策略、平台设置） · 时间为北京时间` : '登录与配置的修改（组织、用户、分类字典、日历、派单目录、时限策略、平台设置）'}
        extra={
          <Button icon={<ReloadOutlined />} onClick={log.reload} loading={log.loading}>
            刷新
          </Button>
        }
      />
      <Card size="small" className="ms-filters">
        <Space wrap size={[12, 8]}>
          <Select
            allowClear
            placeholder="全部操作"
            value={category}
            onChange={(v: string | undefined) => filter(() => setCategory(v))}
            options={AUDIT_CATEGORIES.map((c) => ({ value: c.prefix, label: c.name }))}
            style={{ width: 160 }}
            aria-label="按操作类别筛选"
            data-testid="filter-action"
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => filter(() => setRange(v))}
            placeholder={['开始日期', '结束日期']}
            allowEmpty={[true, true]}
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            aria-label="按日期筛选"
            data-testid="filter-dates"
          />
          {actor ? (
            <Tag closable onClose={() => filter(() => setActor(null))} color="blue" data-testid="filter-actor">
              操作人：{actor.name}
            </Tag>
          ) : (
            <Typography.Text type="secondary">点击操作人姓名可只看此人的操作</Typography.Text>
          )}
        </Space>
      </Card>
      {log.error && !log.data ? (
        <LoadError error={log.error} onRetry={log.reload} />
      ) : (
        <Card size="small">
          <Table<AuditEntry>
            size="small"
            rowKey="id"
            loading={log.loading}
            dataSource={log.data?.items ?? []}
            data-testid="audit-table"
            tableLayout="fixed"
            pagination={{
              current: page,
              pageSize,
              total: log.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) => `共 ${total} 条`,
              onChange: (p, ps) => {
                setPage(ps === pageSize ? p : 1);
                setPageSize(ps);
              },
            }}
            locale={{ emptyText: '没有符合条件的记录' }}
            columns={[
              { title: '时间', dataIndex: 'at', width: 160, render: (v: string) => <span className="ms-nums">{formatTimestamp(v)}</span> },
              {
                title: '操作',
                dataIndex: 'action',
                width: 100,
                render: (a: string) => (
                  <Tooltip title={a}>
                    <Tag color={auditActionColor(a)}>{auditActionLabel(a)}</Tag>
                  </Tooltip>
                ),
              },
              {
                title: '操作人',
                key: 'actor',
                width: 220,
                render: (_: unknown, e) => {
                  if (e.actorId !== null) {
                    const name = e.actorName ?? `用户 #${e.actorId}`;
                    return (
                      <div className="ms-cell-stack">
                        <LinkButton onClick={() => filter(() => setActor({ id: e.actorId!, name }))} title="只看此人的操作">
                          {name}
                        </LinkButton>
                        {e.actorUnitName ? <span className="ms-muted ms-small">{e.actorUnitName}</span> : null}
                      </div>
                    );
                  }
                  // A log-in is recorded before there is a session: the account is the target.
                  if (e.action === 'auth.login' && e.targetId) {
                    const u = users.get(e.targetId);
                    return (
                      <div className="ms-cell-stack">
                        <span>{u ? u.displayName || u.username : `用户 #${e.targetId}`}</span>
                        {u ? <span className="ms-muted ms-small">{u.unitName}</span> : null}
                      </div>
                    );
                  }
                  if (e.action.startsWith('auth.')) return <span className="ms-muted">（未登录）</span>;
                  return <span className="ms-muted">系统</span>;
                },
              },
              {
                title: '对象',
                key: 'target',
                width: 260,
                ellipsis: { showTitle: false },
                render: (_: unknown, e) => {
                  const text = targetText(e, ctx);
                  return (
                    <Tooltip title={text} placement="topLeft">
                      <span>{text}</span>
                    </Tooltip>
                  );
                },
              },
              { title: '详情', key: 'details', render: (_: unknown, e) => <span className="ms-details">{detailsText(e, ctx)}</span> },
              { title: 'IP', dataIndex: 'ip', width: 130, render: (v: string | null) => <span className="ms-mono ms-small">{v ?? '—'}</span> },
            ]}
          />
        </Card>
      )}
    </>
  );
}
