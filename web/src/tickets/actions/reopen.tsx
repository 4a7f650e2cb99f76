// 重办: back to 待派单 so the dispatcher sends it to the same or another unit (at most twice; the
// ticket is no longer done first time). From an unsatisfied visit, a direct answer, or a closed ticket.
import { Alert, Form } from 'antd';
import { ActionFooter, ReasonField, clearErrorsOnChange } from '../detail/form';
import { SATISFACTION_LABELS } from '../detail/labels';
import type { Satisfaction } from '../detail/labels';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

const PRESETS = ['诉求人反映问题未解决', '诉求人对办理结果不满意', '承办单位未联系诉求人', '办理结果与实际不符', '需改派其他单位'];

function ReopenForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'reopen', onDone, { success: '已重办，工单回到待派单' });
  const o = ticket.outcome;
  const visitSaid = o.contacted
    ? [o.resolved === false ? '回访：问题未解决' : null, o.satisfaction ? `满意度：${SATISFACTION_LABELS[o.satisfaction as Satisfaction] ?? o.satisfaction}` : null].filter(Boolean).join('，')
    : '';
  return (
    <Form form={form} onValuesChange={clearErrorsOnChange(form)} layout="vertical" onFinish={(v: { reason?: string }) => submit({ reason: v.reason ?? '' })}>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title={`重办后工单回到待派单，由派单员重新派给原单位或其他单位；不再计为一次办结。${ticket.reopenCount > 0 ? `本工单已重办 ${ticket.reopenCount} 次。` : ''}`}
        description={visitSaid || undefined}
      />
      <ReasonField form={form} label="重办理由" required presets={PRESETS} autoFocus placeholder="写明诉求人仍存在的问题，承办单位将看到此理由" />
      <ActionFooter submitting={submitting} onCancel={onCancel} okText="重办" />
    </Form>
  );
}

export const spec: ActionSpec = { label: '重办', hint: '问题未解决或不满意（客观原因）：退回待派单重新办理', kind: 'default', width: 600, Form: ReopenForm };
