// 审批延期: the days asked and why, the deadline as it stands; 批准 (all the days, or fewer) moves
// the reply deadline, 驳回 needs a reason.
import { Alert, Form, InputNumber } from 'antd';
import { ActionFrame, AssignmentChoice, DecisionField, DecisionReason, PendingRequest, pendingOf } from '../dispatch/form';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

function DecideExtensionForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const requests = ticket.assignments.filter((a) => a.pending === 'extension');
  const { form, submitting, submit } = useActionSubmit(ticket, 'decide-extension', onDone, { success: '已审批延期申请' });
  const chosenId = (Form.useWatch('assignmentId', form) as number | undefined) ?? requests[0]?.id;
  const chosen = requests.find((a) => a.id === chosenId) ?? requests[0];
  const approve = (Form.useWatch('decision', form) ?? 'approve') === 'approve';
  const asked = chosen ? pendingOf(chosen).days : undefined;
  return (
    <ActionFrame
      form={form}
      testId="decide-extension-form"
      submitting={submitting}
      submitText={approve ? '批准延期' : '驳回申请'}
      danger={!approve}
      onCancel={onCancel}
      blocked={requests.length === 0}
      initialValues={{ assignmentId: requests[0]?.id, decision: 'approve', days: asked }}
      onFinish={(v) => void submit({
        assignmentId: (v.assignmentId as number | undefined) ?? chosen?.id,
        approve: v.decision !== 'reject',
        ...(v.decision !== 'reject' && typeof v.days === 'number' ? { days: v.days } : {}),
        reason: (v.reason as string | undefined)?.trim() || undefined,
      })}
    >
      {requests.length === 0 ? <Alert type="info" showIcon message="没有待审批的延期申请" style={{ marginBottom: 12 }} /> : null}
      <AssignmentChoice options={requests} label="延期申请" />
      {chosen ? <PendingRequest a={chosen} /> : null}
      {chosen ? <DecisionField approveText="批准延期" rejectText="驳回" /> : null}
      {chosen && approve ? (
        <Form.Item name="days" label="批准天数（工作日）" extra={asked ? `申请 ${asked} 个工作日，可少批；办理时限按工作日历顺延` : undefined}>
          <InputNumber min={1} max={asked ?? 60} precision={0} style={{ width: 160 }} data-testid="decide-days" />
        </Form.Item>
      ) : null}
      {chosen ? <DecisionReason approve={approve} rejectHint="说明驳回的理由" /> : null}
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '审批延期', hint: '批准则办理时限顺延，驳回需说明理由', kind: 'primary', width: 640, Form: DecideExtensionForm };
