// 转派下级 (二级派单): a unit hands its assignment to a unit below it. Only the unit's own subtree
// may be chosen (a department's matter is never pushed down to a street); the child's deadlines lie
// inside this unit's, and this unit still answers for the ticket: it replies once the child has.
import { Alert, Form, Input, Typography } from 'antd';
import { useAuth } from '../../auth';
import { ActionFrame, AssignmentChoice, myAssignments } from '../dispatch/form';
import { UnitPicker } from '../dispatch/UnitPicker';
import { useUnitIndex } from '../dispatch/units';
import { AssignmentLine } from '../handling/mine';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

function RedispatchForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { user } = useAuth();
  const units = useUnitIndex();
  const handling = myAssignments(ticket, user?.unitId, ['handling']);
  const { form, submitting, submit } = useActionSubmit(ticket, 'redispatch', onDone, { success: '已转派下级单位' });
  const chosenId = (Form.useWatch('assignmentId', form) as number | undefined) ?? handling[0]?.id;
  const chosen = handling.find((a) => a.id === chosenId) ?? handling[0];
  const below = units.below(chosen?.unitId ?? user?.unitId);
  // Units already working on it under this assignment are not offered again.
  const taken = ticket.assignments.filter((a) => a.parentAssignmentId === chosen?.id && (a.state === 'assigned' || a.state === 'handling')).map((a) => a.unitId);
  return (
    <ActionFrame
      form={form}
      testId="redispatch-form"
      submitting={submitting}
      submitText="转派"
      onCancel={onCancel}
      blocked={handling.length === 0}
      initialValues={{ assignmentId: handling[0]?.id }}
      onFinish={(v) => void submit({ assignmentId: (v.assignmentId as number | undefined) ?? chosen?.id, unitId: v.unitId as number, note: (v.note as string | undefined)?.trim() || undefined })}
    >
      {handling.length === 0 ? <Alert type="info" showIcon message="请先签收，再转派下级单位" style={{ marginBottom: 12 }} /> : null}
      <AssignmentChoice options={handling} />
      {chosen ? <div className="ms-dh-act-line"><AssignmentLine a={chosen} /></div> : null}
      {units.tree && below.length === 0 && handling.length > 0 ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="本单位没有下级单位，不能转派" /> : null}
      <Form.Item name="unitId" label="下级承办单位" required>
        <UnitPicker tree={units.tree ? below : undefined} disabledIds={taken} aria-label="下级承办单位" placeholder="选择本单位的下级单位" style={{ width: '100%' }} data-testid="redispatch-unit" />
      </Form.Item>
      <Form.Item name="note" label="转派说明">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} placeholder="交代办理要求（可选）" />
      </Form.Item>
      <Typography.Paragraph type="secondary" className="ms-small" style={{ marginBottom: 0 }}>
        下级单位的时限不超过本单位的时限；下级反馈后，由本单位审核并向上反馈。
      </Typography.Paragraph>
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '转派下级', hint: '二级派单：交给本单位的下级单位办理，本单位仍负责反馈', kind: 'default', width: 600, Form: RedispatchForm };
