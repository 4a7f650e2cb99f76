// 无效工单: spam, abuse, a test call. Invalid tickets are not counted as 受理量.
import { Alert, Form } from 'antd';
import { ActionFooter, ReasonField, clearErrorsOnChange } from '../detail/form';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

const PRESETS = ['骚扰电话', '恶意诉求', '无实质诉求内容', '重复来电且无新情况', '测试工单'];

function InvalidateForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'invalidate', onDone, { success: '已判为无效工单' });
  return (
    <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" onFinish={(v: { reason?: string }) => submit({ reason: v.reason ?? '' })}>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="无效工单不计入受理量，也不再派单。重复诉求请用「并单」。" />
      <ReasonField form={form} label="无效原因" required presets={PRESETS} maxLength={500} rows={2} autoFocus />
      <ActionFooter submitting={submitting} onCancel={onCancel} okText="判为无效" danger />
    </Form>
  );
}

export const spec: ActionSpec = { label: '无效工单', hint: '骚扰、恶意或无实质内容的来电', kind: 'danger', width: 560, Form: InvalidateForm };
