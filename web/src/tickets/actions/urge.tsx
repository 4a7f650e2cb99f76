// 催办: a reminder to a unit still working on the ticket (the sweep urges automatically too); the
// unit sees the note. Choose the unit when several are at work.
import { Form, Input, Radio, Space, Tag } from 'antd';
import { useAuth } from '../../auth';
import { Deadline } from '../Deadline';
import { ActionFooter, clearErrorsOnChange } from '../detail/form';
import type { Assignment } from '../types';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

const LIVE = ['assigned', 'handling'];

function UrgeForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { user } = useAuth();
  const { form, submitting, submit } = useActionSubmit(ticket, 'urge', onDone, { success: '已催办' });
  const live = ticket.assignments.filter((a) => LIVE.includes(a.state));
  // A unit that re-dispatched urges its own children; the platform urges anyone at work.
  const mine = ticket.assignments.filter((a) => user && String(a.unitId) === String(user.unitId)).map((a) => a.id);
  const children = live.filter((a) => a.parentAssignmentId !== null && mine.includes(a.parentAssignmentId));
  const candidates: Assignment[] = children.length ? children : live;
  const first = candidates.find((a) => a.role === 'primary' && a.parentAssignmentId === null) ?? candidates[0];
  return (
    <Form
      form={form} onValuesChange={clearErrorsOnChange(form)}
      layout="vertical"
      initialValues={{ assignmentId: first?.id }}
      onFinish={(v: { assignmentId?: number; note?: string }) => submit({ assignmentId: v.assignmentId, note: v.note?.trim() || null })}
    >
      <Form.Item name="assignmentId" label="催办单位" required style={{ marginBottom: 12 }}>
        <Radio.Group data-testid="field-assignmentId">
          <Space orientation="vertical" size={6}>
            {candidates.map((a) => (
              <Radio key={a.id} value={a.id}>
                <Space size={6} wrap>
                  <span>{a.unitName}</span>
                  <Tag>{a.role === 'primary' ? '主办' : '协办'}</Tag>
                  <Tag>{a.stateLabel}</Tag>
                  {a.state === 'assigned'
                    ? <Deadline deadline={a.signDeadline} level={a.signLevel} label="签收时限" />
                    : <Deadline deadline={a.replyDeadline} level={a.replyLevel} label="办理时限" />}
                  {a.urgeCount > 0 ? <span className="ms-muted">已催办 {a.urgeCount} 次</span> : null}
                </Space>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <Form.Item name="note" label="催办内容" style={{ marginBottom: 12 }}>
        <Input.TextArea rows={3} maxLength={1000} showCount placeholder="如：请尽快联系诉求人并反馈办理结果" data-testid="field-note" />
      </Form.Item>
      <ActionFooter submitting={submitting} onCancel={onCancel} okText="催办" />
    </Form>
  );
}

export const spec: ActionSpec = { label: '催办', hint: '提醒承办单位尽快签收或办理', kind: 'default', width: 600, Form: UrgeForm };
