// 归档: a finished ticket (closed, merged or invalid) leaves the working lists for good.
import { Alert, Form } from 'antd';
import { ActionFooter, clearErrorsOnChange } from '../detail/form';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

function ArchiveForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'archive', onDone, { success: '工单已归档' });
  return (
    <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" onFinish={() => submit({})}>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`归档工单 ${ticket.number}（${ticket.stateLabel}）？`} description="归档后工单只读，仍可查询和统计。" />
      <ActionFooter submitting={submitting} onCancel={onCancel} okText="归档" hint="Enter 确认" />
    </Form>
  );
}

export const spec: ActionSpec = { label: '归档', hint: '已办结、已并单或无效的工单归档', kind: 'default', width: 480, Form: ArchiveForm };
