// 解除挂起: the clocks run again from where they stopped.
import { Alert, Form, Input } from 'antd';
import { formatDateTime } from '../../labels';
import { ActionFooter, clearErrorsOnChange } from '../detail/form';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

function ResumeForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'resume', onDone, { success: '已解除挂起，时限恢复计算' });
  const since = [...ticket.events].reverse().find((e) => e.type === 'suspended');
  const reason = since && typeof since.data.reason === 'string' ? since.data.reason : null;
  return (
    <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" onFinish={(v: { note?: string }) => submit({ note: v.note?.trim() || null })}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={since ? `挂起于 ${formatDateTime(since.at)}` : '工单挂起中'}
        description={reason ? `挂起原因：${reason}。解除后各项时限顺延挂起的时长。` : '解除后各项时限顺延挂起的时长。'}
      />
      <Form.Item name="note" label="说明（可选）">
        <Input maxLength={1000} autoFocus placeholder="如：诉求人已补充材料" data-testid="field-note" />
      </Form.Item>
      <ActionFooter submitting={submitting} onCancel={onCancel} okText="解除挂起" hint="Enter 提交" />
    </Form>
  );
}

export const spec: ActionSpec = { label: '解除挂起', hint: '恢复办理，时限继续计算', kind: 'default', width: 520, Form: ResumeForm };
