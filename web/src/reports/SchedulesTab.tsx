// 定时报表 (administrators): which report, in which formats, when and to whom; switch on and off.
import { useState } from 'react';
import { App, Button, Checkbox, Empty, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useApiError, useLoad } from '../hooks';
import { formatDateTime, ROLE_LABELS, ROLES, type Role, type User } from '../labels';
import { LoadError } from '../components/LoadError';
import { UnitTreeSelect } from '../components/UnitTreeSelect';
import { useUnitTree } from '../units';
import { CADENCE_LABELS, FORMAT_LABELS, KIND_LABELS, reportsApi, WEEKDAYS, type ReportFormat, type ReportKind, type ScheduleInput, type ScheduleView } from './api';

export function timingText(s: Pick<ScheduleView, 'cadence' | 'day' | 'month' | 'hour'>): string {
  const at = `${s.hour}:00`;
  if (s.cadence === 'weekly') return `每${WEEKDAYS[s.day] ?? ''} ${at}`;
  if (s.cadence === 'monthly') return `每月${s.day}日 ${at}`;
  return `每年${s.month}月${s.day}日 ${at}`;
}

export function SchedulesTab() {
  const [page, setPage] = useState(1);
  const [version, setVersion] = useState(0);
  const [editing, setEditing] = useState<ScheduleView | 'new' | null>(null);
  const list = useLoad((signal) => reportsApi.schedules(page, signal), [page, version]);
  const showError = useApiError();
  const toggle = async (s: ScheduleView, active: boolean) => {
    try {
      await reportsApi.setActive(s.id, active);
      setVersion((v) => v + 1);
    } catch (e) {
      showError(e);
    }
  };
  if (list.error && !list.data) return <LoadError error={list.error} onRetry={list.reload} />;
  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="schedule-new">新建定时报表</Button>
      </Space>
      <Table<ScheduleView>
        size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} data-testid="schedule-table"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无定时报表" /> }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
        columns={[
          { title: '名称', dataIndex: 'name', render: (v: string, s) => <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEditing(s)}>{v}</Button> },
          { title: '报表', dataIndex: 'kind', width: 140, render: (v: ReportKind) => KIND_LABELS[v] },
          { title: '发送时间', width: 140, render: (_: unknown, s) => timingText(s) },
          { title: '格式', dataIndex: 'formats', width: 160, render: (v: ReportFormat[]) => v.map((f) => <Tag key={f}>{FORMAT_LABELS[f]}</Tag>) },
          {
            title: '接收人', ellipsis: true, render: (_: unknown, s) => [
              ...s.recipientUsers.map((u) => u.name),
              ...(s.recipientUnitName ? [`${s.recipientUnitName}的${s.recipientRoles.map((r) => ROLE_LABELS[r as Role] ?? r).join('、')}`] : []),
            ].join('；'),
          },
          { title: '下次发送', dataIndex: 'nextAt', width: 140, render: (v: string | null) => (v ? formatDateTime(v) : '—') },
          { title: '启用', dataIndex: 'active', width: 70, render: (v: boolean, s) => <Switch size="small" checked={v} aria-label={`启用${s.name}`} onChange={(on) => void toggle(s, on)} /> },
        ]}
      />
      {editing ? <ScheduleDialog schedule={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); setVersion((v) => v + 1); }} /> : null}
    </div>
  );
}

interface FormValues {
  name: string;
  kind: ReportKind;
  formats: ReportFormat[];
  cadence: ScheduleInput['cadence'];
  day: number;
  month?: number | null;
  hour: number;
  recipientUserIds: number[];
  recipientRoles: Role[];
  recipientUnitId?: number | string | null;
}

function ScheduleDialog({ schedule, onClose, onSaved }: { schedule: ScheduleView | null; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [userQuery, setUserQuery] = useState('');
  const tree = useUnitTree();
  const users = useLoad((signal) => api.get<{ items: User[] }>('/api/users', { q: userQuery || undefined, pageSize: 50 }, signal), [userQuery]);
  const { message } = App.useApp();
  const showError = useApiError();
  const kind = Form.useWatch('kind', form);
  const cadence = Form.useWatch('cadence', form);
  const known = new Map<number, string>([...(schedule?.recipientUsers ?? []).map((u) => [u.id, u.name] as [number, string]), ...(users.data?.items ?? []).map((u) => [Number(u.id), `${u.displayName}（${u.unitName}）`] as [number, string])]);

  const initial: FormValues = schedule ? {
    name: schedule.name, kind: schedule.kind, formats: schedule.formats, cadence: schedule.cadence, day: schedule.day, month: schedule.month, hour: schedule.hour,
    recipientUserIds: schedule.recipientUserIds, recipientRoles: schedule.recipientRoles as Role[], recipientUnitId: schedule.recipientUnitId,
  } : { name: '', kind: 'monthly', formats: ['docx', 'pdf'], cadence: 'monthly', day: 1, month: null, hour: 8, recipientUserIds: [], recipientRoles: [], recipientUnitId: null };

  const save = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const input: ScheduleInput = {
      ...values, month: values.cadence === 'annual' ? values.month ?? null : null,
      recipientUnitId: values.recipientUnitId === undefined || values.recipientUnitId === null ? null : Number(values.recipientUnitId),
    };
    setSaving(true);
    try {
      if (schedule) await reportsApi.updateSchedule(schedule.id, input);
      else await reportsApi.createSchedule(input);
      message.success('已保存定时报表');
      onSaved();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title={schedule ? '修改定时报表' : '新建定时报表'} onCancel={onClose} onOk={() => void save()} confirmLoading={saving} okText="保存" width={620} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={initial} data-testid="schedule-form"
        onValuesChange={(changed: Partial<FormValues>) => {
          // A report of a period is sent at its own cadence; only the units tables may run at any.
          if (changed.kind && changed.kind !== 'units') form.setFieldValue('cadence', changed.kind);
        }}>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input maxLength={100} placeholder="如：月度运行情况（市领导）" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="kind" label="报表">
            <Select style={{ width: 190 }} aria-label="报表" options={(Object.keys(KIND_LABELS) as ReportKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="cadence" label="周期">
            <Select style={{ width: 110 }} aria-label="周期" disabled={kind !== 'units'} options={(['weekly', 'monthly', 'annual'] as const).map((c) => ({ value: c, label: CADENCE_LABELS[c] }))} />
          </Form.Item>
          {cadence === 'annual' ? (
            <Form.Item name="month" label="月" rules={[{ required: true, message: '请填写月份' }]}>
              <InputNumber min={1} max={12} aria-label="月" />
            </Form.Item>
          ) : null}
          <Form.Item name="day" label={cadence === 'weekly' ? '星期' : '日'}>
            {cadence === 'weekly'
              ? <Select style={{ width: 100 }} aria-label="星期" options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: WEEKDAYS[d] }))} />
              : <InputNumber min={1} max={cadence === 'monthly' ? 28 : 31} aria-label="日" />}
          </Form.Item>
          <Form.Item name="hour" label="时">
            <InputNumber min={0} max={23} aria-label="时" addonAfter=":00" />
          </Form.Item>
        </Space>
        <Form.Item name="formats" label="格式" rules={[{ required: true, message: '请至少选择一种格式' }]}>
          <Checkbox.Group options={(['docx', 'pdf', 'xlsx', 'html'] as const).map((f) => ({ value: f, label: FORMAT_LABELS[f] }))} />
        </Form.Item>
        <Form.Item name="recipientUserIds" label="接收人" extra="可直接指定用户，或在下方按单位和角色发送">
          <Select mode="multiple" aria-label="接收人" showSearch={{ filterOption: false, onSearch: setUserQuery }} placeholder="搜索姓名或用户名"
            options={[...known.entries()].map(([value, label]) => ({ value, label }))} loading={users.loading} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="recipientUnitId" label="单位">
            <UnitTreeSelect tree={tree.data} style={{ width: 260 }} aria-label="接收单位" />
          </Form.Item>
          <Form.Item name="recipientRoles" label="该单位中的角色">
            <Select mode="multiple" style={{ width: 260 }} aria-label="接收角色" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
