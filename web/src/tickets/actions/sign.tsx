// 签收: the unit takes the assignment on; its reply clock is what matters from now on.
import { Alert, Typography } from 'antd';
import { useAuth } from '../../auth';
import { AssignmentChoice, ActionFrame, myAssignments } from '../dispatch/form';
import { AssignmentLine } from '../handling/mine';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

function SignForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { user } = useAuth();
  const waiting = myAssignments(ticket, user?.unitId, ['assigned']);
  // A platform user acts without an assignment of their own; a unit with none left waiting has nothing to sign.
  const nothing = waiting.length === 0 && ticket.assignments.some((a) => String(a.unitId) === String(user?.unitId));
  const { form, submitting, submit } = useActionSubmit(ticket, 'sign', onDone, { success: `已签收 ${ticket.number}` });
  return (
    <ActionFrame
      form={form}
      testId="sign-form"
      submitting={submitting}
      submitText="签收"
      onCancel={onCancel}
      initialValues={{ assignmentId: waiting[0]?.id }}
      blocked={nothing}
      onFinish={(v) => void submit({ assignmentId: (v.assignmentId as number | undefined) ?? waiting[0]?.id })}
    >
      {nothing ? (
        <Alert type="info" showIcon message="本单位没有待签收的承办记录" style={{ marginBottom: 12 }} />
      ) : null}
      <AssignmentChoice options={waiting} />
      {waiting.length === 1 ? <div style={{ marginBottom: 12 }}><AssignmentLine a={waiting[0]!} /></div> : null}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        签收后开始计算办理时限。请尽快联系诉求人；不属于本单位职责的，请在退单时限内申请退单。
      </Typography.Paragraph>
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '签收', hint: '签收工单，开始办理', kind: 'primary', width: 520, Form: SignForm };
