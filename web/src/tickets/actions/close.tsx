// 办结 without a satisfied visit: an unreasonable demand, an unreachable citizen, a withdrawn request,
// unresolved after every effort. An explanation is required for all but 已解决.
import { Alert, Form, Radio, Space, Typography } from 'antd';
import { CLOSE_REASONS } from '../../../../src/domain/tickets/machine';
import { ActionFooter, ReasonField, clearErrorsOnChange } from '../detail/form';
import { CLOSE_REASON_HINTS, CLOSE_REASON_LABELS } from '../detail/labels';
import type { CloseReason } from '../detail/labels';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

interface Values {
  reason?: CloseReason;
  explanation?: string;
}

function CloseForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'close', onDone, { success: '工单已办结' });
  const reason = Form.useWatch('reason', form) as CloseReason | undefined;
  const unsatisfied = ticket.outcome.satisfaction === 'unsatisfied' || ticket.outcome.resolved === false;
  return (
    <Form<Values> form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" onFinish={(v) => submit({ reason: v.reason as CloseReason, explanation: v.explanation?.trim() || null })}>
      {unsatisfied ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="回访结果为未解决或不满意：办结须说明理由（如诉求不合理），否则请选择重办。" />
      ) : null}
      <Form.Item name="reason" label="办结原因" required style={{ marginBottom: 12 }}>
        <Radio.Group data-testid="field-reason">
          <Space orientation="vertical" size={4}>
            {CLOSE_REASONS.map((r) => (
              <Radio key={r} value={r} data-testid={`close-${r}`}>
                {CLOSE_REASON_LABELS[r]} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{CLOSE_REASON_HINTS[r]}</Typography.Text>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
      <ReasonField
        form={form}
        name="explanation"
        label="办结说明"
        required={reason !== undefined && reason !== 'resolved'}
        placeholder={reason === 'unreasonable' ? '说明诉求为何不合理、已如何向诉求人解释' : '办结的情况说明'}
      />
      <ActionFooter submitting={submitting} onCancel={onCancel} okText="办结" />
    </Form>
  );
}

export const spec: ActionSpec = { label: '办结', hint: '不经满意回访直接办结（诉求不合理、无法联系、撤诉等），须说明理由', kind: 'default', width: 620, Form: CloseForm };
