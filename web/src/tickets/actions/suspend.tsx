// 挂起: a unit asks (waiting on the citizen or a third party) with a reason; the dispatcher approves
// or rejects that request, or suspends directly. While suspended every clock of the ticket stops.
import { Alert, Form, Input, Typography } from 'antd';
import { useAuth } from '../../auth';
import { ActionFrame, AssignmentChoice, DecisionField, PendingRequest, myAssignments } from '../dispatch/form';
import { AssignmentLine } from '../handling/mine';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

function SuspendForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { user } = useAuth();
  const mine = myAssignments(ticket, user?.unitId);
  const asking = mine.length > 0; // a unit asks; the hotline office decides
  const request = ticket.assignments.find((a) => a.pending === 'suspend');
  const { form, submitting, submit } = useActionSubmit(ticket, 'suspend', onDone, {
    success: asking ? '挂起申请已提交，等待审批' : request ? '已审批挂起申请' : '工单已挂起',
  });
  const chosenId = (Form.useWatch('assignmentId', form) as number | undefined) ?? mine[0]?.id;
  const chosen = mine.find((a) => a.id === chosenId) ?? mine[0];
  const approve = (Form.useWatch('decision', form) ?? 'approve') === 'approve';

  if (asking) {
    return (
      <ActionFrame
        form={form}
        testId="suspend-form"
        submitting={submitting}
        submitText="提交挂起申请"
        onCancel={onCancel}
        initialValues={{ assignmentId: mine[0]?.id }}
        onFinish={(v) => void submit({ assignmentId: (v.assignmentId as number | undefined) ?? chosen?.id, reason: (v.reason as string | undefined) ?? '' })}
      >
        <AssignmentChoice options={mine} />
        {chosen ? <div className="ms-dh-act-line"><AssignmentLine a={chosen} /></div> : null}
        <Typography.Paragraph type="secondary">等待诉求人补充材料、第三方鉴定等客观原因无法继续办理时申请；批准后工单的所有时限暂停计算，恢复后顺延。</Typography.Paragraph>
        <Form.Item name="reason" label="挂起理由" required>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount placeholder="说明等待的事项和预计恢复办理的时间" />
        </Form.Item>
      </ActionFrame>
    );
  }

  return (
    <ActionFrame
      form={form}
      testId="suspend-form"
      submitting={submitting}
      submitText={request ? (approve ? '批准挂起' : '驳回申请') : '挂起工单'}
      danger={!!request && !approve}
      onCancel={onCancel}
      initialValues={{ decision: 'approve' }}
      onFinish={(v) => {
        const reason = (v.reason as string | undefined)?.trim() || undefined;
        void submit(request ? { assignmentId: request.id, approve: v.decision !== 'reject', reason } : { reason: reason ?? '' });
      }}
    >
      {request ? <PendingRequest a={request} /> : <Alert type="info" showIcon style={{ marginBottom: 12 }} message="直接挂起：工单的所有时限暂停计算，直到解除挂起。" />}
      {request ? <DecisionField approveText="批准挂起" rejectText="驳回" /> : null}
      <Form.Item name="reason" label={request ? (approve ? '审批说明' : '驳回理由') : '挂起理由'} required={!request || !approve}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} placeholder={request && approve ? '可选，默认采用单位的申请理由' : '请填写理由'} data-testid="decide-reason" />
      </Form.Item>
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '挂起', hint: '等待诉求人或第三方时暂停时限：单位申请，派单员审批', kind: 'default', width: 620, Form: SuspendForm };
