// 申请退单: a unit that is not responsible asks, with a reason, inside the return window (2 working
// days from dispatch by default); once per assignment. The dispatcher (or the parent unit) decides.
import { Alert, Form, Input, Typography } from 'antd';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../labels';
import { useNow } from '../Deadline';
import { ActionFrame, AssignmentChoice, myAssignments } from '../dispatch/form';
import { AssignmentLine } from '../handling/mine';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

function RequestReturnForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { user } = useAuth();
  const now = useNow();
  const live = myAssignments(ticket, user?.unitId);
  const { form, submitting, submit } = useActionSubmit(ticket, 'request-return', onDone, { success: '退单申请已提交，等待审批' });
  const chosenId = (Form.useWatch('assignmentId', form) as number | undefined) ?? live[0]?.id;
  const chosen = live.find((a) => a.id === chosenId) ?? live[0];
  const closed = chosen ? new Date(chosen.returnDeadline).getTime() < now : false;
  const decider = chosen?.parentAssignmentId ? '上级单位' : '12345平台派单员';
  return (
    <ActionFrame
      form={form}
      testId="request-return-form"
      submitting={submitting}
      submitText="提交退单申请"
      onCancel={onCancel}
      initialValues={{ assignmentId: live[0]?.id }}
      onFinish={(v) => void submit({ assignmentId: (v.assignmentId as number | undefined) ?? chosen?.id, reason: (v.reason as string | undefined) ?? '' })}
    >
      <AssignmentChoice options={live} />
      {chosen ? <div className="ms-dh-act-line"><AssignmentLine a={chosen} /></div> : null}
      {chosen ? (
        closed ? (
          <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`退单时限已于 ${formatDateTime(chosen.returnDeadline)} 截止`} description="超过时限不能退单，请继续办理或申请延期。" />
        ) : (
          <Typography.Paragraph type="secondary">
            退单须在 {formatDateTime(chosen.returnDeadline)} 前申请，每条承办记录只能申请一次，由{decider}审批；批准后工单改派其他单位。
          </Typography.Paragraph>
        )
      ) : null}
      <Form.Item name="reason" label="退单理由" required>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={2000} showCount placeholder="说明不属于本单位职责的依据，建议的承办单位" data-testid="return-reason" />
      </Form.Item>
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '申请退单', hint: '不属于本单位职责：在退单时限内申请退回', kind: 'default', width: 600, Form: RequestReturnForm };
