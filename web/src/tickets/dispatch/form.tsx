// What the dispatch and handling action forms share: the form frame (focus on the first field,
// Enter in a one-line input and Ctrl+Enter anywhere submit, 取消 / submit at the bottom), the
// assignment a unit acts on, and a unit's pending request as the dispatcher reads it.
import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { Button, Descriptions, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { formatDateTime } from '../../labels';
import { Deadline } from '../Deadline';
import type { Assignment, Ticket } from '../types';

const LIVE = ['assigned', 'handling'];
export const isLive = (a: Assignment) => LIVE.includes(a.state);

/** The caller's unit's assignments on the ticket in these states, the top-level primary first. */
export function myAssignments(ticket: Pick<Ticket, 'assignments'>, unitId: number | string | undefined, states: readonly string[] = LIVE): Assignment[] {
  if (unitId === undefined) return [];
  return ticket.assignments
    .filter((a) => String(a.unitId) === String(unitId) && states.includes(a.state))
    .sort((x, y) => rank(x) - rank(y) || y.id - x.id);
}
const rank = (a: Assignment) => (a.role === 'primary' && a.parentAssignmentId === null ? 0 : a.role === 'primary' ? 1 : 2);

export const ROLE_LABEL = (a: Assignment) => `${a.parentAssignmentId ? '下级' : ''}${a.role === 'primary' ? '主办' : '协办'}`;

/** The one assignment a form acts on; a choice only when the unit holds several. */
export function AssignmentChoice({ options, label = '承办记录' }: { options: Assignment[]; label?: string }) {
  if (options.length <= 1) return null;
  return (
    <Form.Item name="assignmentId" label={label} rules={[{ required: true, message: '请选择承办记录' }]}>
      <Radio.Group
        options={options.map((a) => ({ value: a.id, label: `${a.unitName}（${ROLE_LABEL(a)}，${a.stateLabel}）` }))}
      />
    </Form.Item>
  );
}

interface FrameProps {
  form: FormInstance;
  onFinish: (values: Record<string, unknown>) => void;
  onCancel?: () => void;
  submitting: boolean;
  submitText: ReactNode;
  danger?: boolean;
  initialValues?: Record<string, unknown>;
  /** Buttons before 取消 (e.g. 按建议派单). */
  extraButtons?: ReactNode;
  /** No submit: say why instead (e.g. nothing to sign). */
  blocked?: ReactNode;
  testId?: string;
  children?: ReactNode;
}

/**
 * An action's form. The first field gets the focus (a form in a dialog or beside a queue is typed
 * into at once); Enter in a one-line input submits, and Ctrl+Enter submits from a text area too.
 */
export function ActionFrame({ form, onFinish, onCancel, submitting, submitText, danger, initialValues, extraButtons, blocked, testId, children }: FrameProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    // In a dialog the form is the user's whole attention; beside a queue it must not take the
    // focus from the list the user is moving through.
    if (!root?.closest('.ant-modal')) return;
    const focusFirst = () => {
      if (root.contains(document.activeElement)) return;
      const first =
        root.querySelector<HTMLElement>('input[type=radio]:checked') ??
        root.querySelector<HTMLElement>('input:not([disabled]):not([type=hidden]):not([type=file]), textarea:not([disabled])') ??
        root.querySelector<HTMLElement>('button[type=submit]:not([disabled])');
      first?.focus();
    };
    focusFirst();
    // The dialog moves the focus to itself as it opens: put it back on the field.
    const t = setTimeout(focusFirst, 150);
    return () => clearTimeout(t);
  }, []);
  return (
    <div ref={ref} data-testid={testId}>
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        // A server error under a field goes once the user changes that field.
        onValuesChange={(changed: Record<string, unknown>) => {
          const names = Object.keys(changed).filter((name) => form.getFieldError(name).length > 0);
          if (names.length > 0) form.setFields(names.map((name) => ({ name, errors: [] })));
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !blocked) {
            e.preventDefault();
            form.submit();
          }
        }}
        disabled={submitting}
      >
        {children}
        <div className="ms-dh-act-footer">
          <Typography.Text type="secondary" className="ms-dh-act-keys">{blocked ? null : 'Ctrl+Enter 提交'}</Typography.Text>
          <Space>
            {extraButtons}
            {onCancel ? <Button onClick={onCancel} disabled={false}>取消</Button> : null}
            {blocked ? null : (
              <Button type="primary" danger={danger} htmlType="submit" loading={submitting} data-testid="action-submit">
                {submitText}
              </Button>
            )}
          </Space>
        </div>
      </Form>
    </div>
  );
}

const KIND_LABELS: Record<string, string> = { return: '申请退单', extension: '申请延期', suspend: '申请挂起' };

export interface PendingData {
  reason?: string;
  days?: number;
  requestedAt?: string;
}

export const pendingOf = (a: Assignment): PendingData => (a.pendingData ?? {}) as PendingData;

/** A unit's request as the one deciding it reads it: who, what, why, when, and the clock it affects. */
export function PendingRequest({ a }: { a: Assignment }) {
  const data = pendingOf(a);
  return (
    <div className="ms-dh-act-request" data-testid="pending-request" data-assignment-id={a.id}>
      <div className="ms-dh-act-request-head">
        <Tag color={a.role === 'primary' ? 'blue' : 'default'}>{ROLE_LABEL(a)}</Tag>
        <Typography.Text strong>{a.unitName}</Typography.Text>
        <Tag color="orange">{KIND_LABELS[a.pending ?? ''] ?? a.pending}{data.days ? ` ${data.days} 个工作日` : ''}</Tag>
        {data.requestedAt ? <Typography.Text type="secondary">{formatDateTime(data.requestedAt)}</Typography.Text> : null}
      </div>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'reason', label: '申请理由', children: <span className="ms-dh-pre" data-testid="pending-reason">{data.reason ?? '—'}</span> },
          {
            key: 'deadline',
            label: a.state === 'assigned' ? '签收时限' : '办理时限',
            children: (
              <Space size={6} wrap>
                <span>{formatDateTime(a.state === 'assigned' ? a.signDeadline : a.replyDeadline)}</span>
                <Deadline deadline={a.state === 'assigned' ? a.signDeadline : a.replyDeadline} level={a.state === 'assigned' ? a.signLevel : a.replyLevel} />
              </Space>
            ),
          },
          ...(a.pending === 'return' ? [{ key: 'window', label: '退单时限', children: formatDateTime(a.returnDeadline) }] : []),
          ...(a.pending === 'extension' ? [{ key: 'count', label: '已延期', children: `${a.extensionCount} 次` }] : []),
        ]}
      />
    </div>
  );
}

/** The note with a decision: optional when approving, the reason (required by the server) when rejecting. */
export function DecisionReason({ approve, rejectHint }: { approve: boolean; rejectHint: string }) {
  return (
    <Form.Item name="reason" label={approve ? '审批说明' : '驳回理由'} required={!approve}>
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={approve ? '可选' : rejectHint} data-testid="decide-reason" />
    </Form.Item>
  );
}

/** 批准 / 驳回 as a radio pair: keyboard-friendly (arrows switch, the focus starts on it). */
export function DecisionField({ approveText = '批准', rejectText = '驳回' }: { approveText?: string; rejectText?: string }) {
  return (
    <Form.Item name="decision" label="审批意见">
      <Radio.Group optionType="button" buttonStyle="solid" data-testid="decision">
        <Radio.Button value="approve">{approveText}</Radio.Button>
        <Radio.Button value="reject">{rejectText}</Radio.Button>
      </Radio.Group>
    </Form.Item>
  );
}
