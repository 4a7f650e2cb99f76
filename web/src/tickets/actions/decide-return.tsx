// 审批退单: the unit's request as it was made, then 批准 (the primary's return sends the ticket back
// to the dispatch queue, every unit's assignment withdrawn, to be re-dispatched 改派) or 驳回 with
// a reason the unit reads.
import { Alert, Form } from 'antd';
import { ActionFrame, AssignmentChoice, DecisionField, DecisionReason, PendingRequest } from '../dispatch/form';
import type { Assignment } from '../types';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

export function effectOfReturn(a: Assignment): string {
  if (a.parentAssignmentId) return '批准后该下级单位的承办撤回，由上级单位自行办理或另行转派。';
  if (a.role === 'primary') return '批准后工单退回“待派单”队列，主办和协办单位的承办全部撤回，请重新派单（改派）。';
  return '批准后该协办单位撤出，主办单位继续办理。';
}

function DecideReturnForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const requests = ticket.assignments.filter((a) => a.pending === 'return');
  const { form, submitting, submit } = useActionSubmit(ticket, 'decide-return', onDone, { success: '已审批退单申请' });
  const chosenId = (Form.useWatch('assignmentId', form) as number | undefined) ?? requests[0]?.id;
  const chosen = requests.find((a) => a.id === chosenId) ?? requests[0];
  const approve = (Form.useWatch('decision', form) ?? 'approve') === 'approve';
  return (
    <ActionFrame
      form={form}
      testId="decide-return-form"
      submitting={submitting}
      submitText={approve ? '批准退单' : '驳回申请'}
      danger={!approve}
      onCancel={onCancel}
      blocked={requests.length === 0}
      initialValues={{ assignmentId: requests[0]?.id, decision: 'approve' }}
      onFinish={(v) => void submit({
        assignmentId: (v.assignmentId as number | undefined) ?? chosen?.id,
        approve: v.decision !== 'reject',
        reason: (v.reason as string | undefined)?.trim() || undefined,
      })}
    >
      {requests.length === 0 ? <Alert type="info" showIcon message="没有待审批的退单申请" style={{ marginBottom: 12 }} /> : null}
      <AssignmentChoice options={requests} label="退单申请" />
      {chosen ? <PendingRequest a={chosen} /> : null}
      {chosen ? <DecisionField approveText="批准退单" rejectText="驳回，继续办理" /> : null}
      {chosen && approve ? <Alert type="info" showIcon style={{ marginTop: -8, marginBottom: 12 }} message={effectOfReturn(chosen)} data-testid="decide-effect" /> : null}
      {chosen ? <DecisionReason approve={approve} rejectHint="说明为何应由该单位办理" /> : null}
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '审批退单', hint: '批准则工单回到待派单，驳回则原单位继续办理', kind: 'primary', width: 640, Form: DecideReturnForm };
