// 直接答复: the operator answers the citizen on the spot (knowledge base wording); the ticket then
// waits for a return visit like any other.
import { Alert, Form, Input } from 'antd';
import { ActionFooter, clearErrorsOnChange } from '../detail/form';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

function AnswerForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'answer', onDone, { success: '已直接答复，工单转入待回访' });
  return (
    <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" onFinish={(v: { answer?: string }) => submit({ answer: v.answer ?? '' })}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="适用于咨询类等可当场答复的诉求；答复后不再派单，工单进入待回访。" />
      <Form.Item name="answer" label="答复内容" required>
        <Input.TextArea rows={6} maxLength={20000} showCount autoFocus placeholder="按政策口径写明答复内容，诉求人可据此办理" data-testid="field-answer" />
      </Form.Item>
      <ActionFooter submitting={submitting} onCancel={onCancel} okText="答复" />
    </Form>
  );
}

export const spec: ActionSpec = { label: '直接答复', hint: '当场答复诉求人，无需派单', kind: 'default', width: 620, Form: AnswerForm };
