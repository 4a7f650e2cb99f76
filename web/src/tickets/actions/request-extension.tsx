// 申请延期: asked before the reply deadline, with the working days wanted and a reason; at most
// once and at most 10 working days by default (the ticket's SLA policy says).
import { Alert, Form, Input, InputNumber, Typography } from 'antd';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../labels';
import { useNow } from '../Deadline';
import { ActionFrame, AssignmentChoice, myAssignments } from '../dispatch/form';
import { AssignmentLine } from '../handling/mine';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

function RequestExtensionForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { user } = useAuth();
  const now = useNow();
  const live = myAssignments(ticket, user?.unitId);
  const { form, submitting, submit } = useActionSubmit(ticket, 'request-extension', onDone, { success: '延期申请已提交，等待审批' });
  const chosenId = (Form.useWatch('assignmentId', form) as number | undefined) ?? live[0]?.id;
  const chosen = live.find((a) => a.id === chosenId) ?? live[0];
  const passed = chosen ? new Date(chosen.replyDeadline).getTime() <= now : false;
  return (
    <ActionFrame
      form={form}
      testId="request-extension-form"
      submitting={submitting}
      submitText="提交延期申请"
      onCancel={onCancel}
      initialValues={{ assignmentId: live[0]?.id }}
      onFinish={(v) => void submit({ assignmentId: (v.assignmentId as number | undefined) ?? chosen?.id, days: v.days as number, reason: (v.reason as string | undefined) ?? '' })}
    >
      <AssignmentChoice options={live} />
      {chosen ? <div className="ms-dh-act-line"><AssignmentLine a={chosen} /></div> : null}
      {chosen && passed ? (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`办理时限已于 ${formatDateTime(chosen.replyDeadline)} 截止，不能再申请延期`} />
      ) : chosen && chosen.extensionCount > 0 ? (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`本承办记录已延期 ${chosen.extensionCount} 次；延期通常只允许一次`} />
      ) : (
        <Typography.Paragraph type="secondary">须在办理时限前申请；通常只能延期一次，最多 10 个工作日。批准后办理时限顺延。</Typography.Paragraph>
      )}
      <Form.Item name="days" label="延期天数（工作日）" required>
        <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} data-testid="extension-days" />
      </Form.Item>
      <Form.Item name="reason" label="延期理由" required>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount placeholder="说明需要延期的客观原因和预计完成时间" />
      </Form.Item>
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '申请延期', hint: '办理时限内无法办结：申请顺延', kind: 'default', width: 600, Form: RequestExtensionForm };
