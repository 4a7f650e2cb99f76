// 督办: a formal order with a level, a reason and a deadline in working days. The supervisor (or a
// leader) opens it against a unit and closes it with a result; the unit answers it.
import { useState } from 'react';
import { Alert, Descriptions, Form, Input, InputNumber, Radio, Segmented, Select } from 'antd';
import { SUPERVISION_LEVELS } from '../../../../src/domain/tickets/machine';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../labels';
import { Deadline } from '../Deadline';
import { ActionFooter, clearErrorsOnChange } from '../detail/form';
import { ORDER_STATE_LABELS, SUPERVISION_LEVEL_LABELS } from '../detail/labels';
import type { SupervisionLevel } from '../detail/labels';
import type { ActionBody, TicketDetail } from '../types';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

type Op = 'open' | 'answer' | 'close';
type Order = TicketDetail['supervisionOrders'][number];
/** The body without `version`, per op (Omit on the union itself would keep only `op`). */
type Body = ActionBody<'supervise'> extends infer U ? (U extends unknown ? Omit<U, 'version'> : never) : never;

interface Values {
  level?: SupervisionLevel;
  unitId?: number;
  days?: number;
  reason?: string;
  orderId?: number;
  answer?: string;
  result?: string;
}

const levelName = (l: string) => SUPERVISION_LEVEL_LABELS[l as SupervisionLevel] ?? l;

function OrderFacts({ order, unitName }: { order: Order | undefined; unitName: (id: number) => string }) {
  if (!order) return null;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginBottom: 12 }}
      items={[
        { key: 'unit', label: '督办单位', children: `${unitName(order.unitId)} · ${levelName(order.level)} · ${ORDER_STATE_LABELS[order.state] ?? order.state}` },
        { key: 'reason', label: '督办事由', children: <span className="ms-ticket-pre">{order.reason}</span> },
        { key: 'deadline', label: '答复期限', children: order.state === 'open' ? <Deadline deadline={order.deadline} label="督办期限" /> : formatDateTime(order.deadline) },
        ...(order.answer ? [{ key: 'answer', label: '单位答复', children: <span className="ms-ticket-pre">{order.answer}</span> }] : []),
      ]}
    />
  );
}

function SuperviseForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { user, hasRole } = useAuth();
  const { form, submitting, submit: post } = useActionSubmit(ticket, 'supervise', onDone, { success: '督办已提交' });
  const submit = post as (body: Body) => Promise<void>;
  const supervisor = hasRole('supervisor', 'leader');
  const mineOpen = ticket.supervisionOrders.filter((o) => o.state === 'open' && user && String(o.unitId) === String(user.unitId));
  const closable = supervisor ? ticket.supervisionOrders.filter((o) => o.state !== 'closed') : [];
  const ops: { value: Op; label: string }[] = [
    ...(supervisor ? [{ value: 'open' as const, label: '发起督办' }] : []),
    ...(mineOpen.length ? [{ value: 'answer' as const, label: `答复督办（${mineOpen.length}）` }] : []),
    ...(closable.length ? [{ value: 'close' as const, label: `结束督办（${closable.length}）` }] : []),
  ];
  // The step most likely next: the unit answers; the supervisor closes an answered order, else opens one.
  const [op, setOp] = useState<Op>(mineOpen.length && !supervisor ? 'answer' : closable.some((o) => o.state === 'answered') ? 'close' : (ops[0]?.value ?? 'open'));
  const units = ticket.assignments.filter((a) => a.parentAssignmentId === null && a.state !== 'withdrawn');
  const primary = units.find((a) => a.role === 'primary' && a.state !== 'returned') ?? units[0];
  const unitName = (id: number) => ticket.assignments.find((a) => a.unitId === id)?.unitName ?? `单位 ${id}`;
  const orders = op === 'answer' ? mineOpen : closable;
  const orderId = Form.useWatch('orderId', form) as number | undefined;
  const order = ticket.supervisionOrders.find((o) => o.id === orderId);

  const choose = (next: Op) => {
    setOp(next);
    const list = next === 'answer' ? mineOpen : closable;
    form.setFieldsValue({ orderId: list[0]?.id });
  };

  const onFinish = (v: Values) => {
    if (op === 'open') return submit({ op: 'open', level: v.level as SupervisionLevel, reason: v.reason ?? '', unitId: v.unitId, days: v.days ?? undefined });
    if (op === 'answer') return submit({ op: 'answer', orderId: v.orderId as number, answer: v.answer ?? '' });
    return submit({ op: 'close', orderId: v.orderId as number, result: v.result ?? '' });
  };

  if (ops.length === 0) return <Alert type="info" title="当前没有您可处理的督办单" />;
  return (
    <Form<Values>
      form={form} onValuesChange={clearErrorsOnChange(form)}
      layout="vertical"
      initialValues={{ level: 'system', unitId: primary?.unitId, days: 3, orderId: (op === 'answer' ? mineOpen : closable)[0]?.id }}
      onFinish={onFinish}
    >
      {ops.length > 1 ? <Segmented<Op> block options={ops} value={op} onChange={choose} style={{ marginBottom: 12 }} data-testid="supervise-op" /> : null}
      {op === 'open' ? (
        <>
          <Form.Item name="level" label="督办级别" required style={{ marginBottom: 12 }}>
            <Radio.Group optionType="button" data-testid="field-level">
              {SUPERVISION_LEVELS.map((l) => <Radio.Button key={l} value={l} data-testid={`level-${l}`}>{SUPERVISION_LEVEL_LABELS[l]}</Radio.Button>)}
            </Radio.Group>
          </Form.Item>
          <div style={{ display: 'flex', gap: 12 }}>
            <Form.Item name="unitId" label="督办单位" required style={{ flex: 1, marginBottom: 12 }}>
              <Select
                data-testid="field-unitId"
                options={units.map((a) => ({ value: a.unitId, label: `${a.unitName}（${a.role === 'primary' ? '主办' : '协办'}，${a.stateLabel}）` }))}
              />
            </Form.Item>
            <Form.Item name="days" label="答复期限（工作日）" required style={{ width: 150, marginBottom: 12 }}>
              <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} data-testid="field-days" />
            </Form.Item>
          </div>
          <Form.Item name="reason" label="督办事由" required style={{ marginBottom: 12 }}>
            <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：群众反复反映、超期未办结，请于期限内书面答复" data-testid="field-reason" />
          </Form.Item>
        </>
      ) : (
        <>
          <Form.Item name="orderId" label="督办单" required style={{ marginBottom: 12 }}>
            <Select
              data-testid="field-orderId"
              options={orders.map((o) => ({ value: o.id, label: `${levelName(o.level)} · ${unitName(o.unitId)} · ${formatDateTime(o.openedAt)}` }))}
            />
          </Form.Item>
          <OrderFacts order={order} unitName={unitName} />
          {op === 'answer' ? (
            <Form.Item name="answer" label="督办答复" required style={{ marginBottom: 12 }}>
              <Input.TextArea rows={4} maxLength={5000} showCount placeholder="写明已采取的措施和办理进度" data-testid="field-answer" />
            </Form.Item>
          ) : (
            <Form.Item name="result" label="督办结果" required style={{ marginBottom: 12 }}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：单位已整改到位，督办结束" data-testid="field-result" />
            </Form.Item>
          )}
        </>
      )}
      <ActionFooter submitting={submitting} onCancel={onCancel} okText={op === 'open' ? '发起督办' : op === 'answer' ? '提交答复' : '结束督办'} />
    </Form>
  );
}

export const spec: ActionSpec = { label: '督办', hint: '发起、答复或结束督办单', kind: 'default', width: 640, Form: SuperviseForm };
