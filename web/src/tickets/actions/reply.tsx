// 办理反馈: the unit's answer — the result, what it did, on what basis, whether it reached the
// citizen — with its files. An assisting unit (or a child unit) replies the same way, to the unit
// above it; the primary sees those replies here before writing its own (DOMAIN.md §6).
import { useState } from 'react';
import { Alert, App, Form, Input, Radio, Typography } from 'antd';
import { useAuth } from '../../auth';
import { ReplyView } from '../detail/Assignments';
import { ActionFrame, AssignmentChoice, myAssignments } from '../dispatch/form';
import { AttachmentUpload } from '../handling/AttachmentUpload';
import { AssignmentLine, repliesTo } from '../handling/mine';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

/** Seed 003: "正在办理中" or "已呈报领导" is not a result; the reviewer sends such replies back. */
const notAResult = (text: string) => text.length > 0 && text.length <= 40 && /正在(办理|处理|核实|调查|协调)|(呈报|上报|报请)领导/.test(text);

function ReplyForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { user } = useAuth();
  const { message } = App.useApp();
  const handling = myAssignments(ticket, user?.unitId, ['handling']);
  const { form, submitting, submit } = useActionSubmit(ticket, 'reply', onDone, { success: `已提交 ${ticket.number} 的办理反馈` });
  const chosenId = (Form.useWatch('assignmentId', form) as number | undefined) ?? handling[0]?.id;
  const chosen = handling.find((a) => a.id === chosenId) ?? handling[0];
  const result = (Form.useWatch('result', form) as string | undefined) ?? '';
  const contacted = Form.useWatch('contacted', form) as boolean | undefined;
  const [uploading, setUploading] = useState(false);
  const others = chosen ? repliesTo(ticket, chosen) : [];
  const nothing = handling.length === 0 && ticket.assignments.some((a) => String(a.unitId) === String(user?.unitId));
  const target = !chosen ? '' : chosen.parentAssignmentId ? '上级单位' : chosen.role === 'assisting' ? '主办单位' : '12345平台审核';

  return (
    <ActionFrame
      form={form}
      testId="reply-form"
      submitting={submitting}
      submitText="提交反馈"
      onCancel={onCancel}
      blocked={nothing}
      initialValues={{ assignmentId: handling[0]?.id }}
      onFinish={(v) => {
        if (uploading) {
          message.warning('附件还在上传，请稍候再提交');
          return;
        }
        void submit({
          assignmentId: (v.assignmentId as number | undefined) ?? chosen?.id,
          // Sent as typed: an empty result is the server's to refuse, under the field.
          result: (v.result as string | undefined) ?? '',
          measures: (v.measures as string | undefined)?.trim() || undefined,
          basis: (v.basis as string | undefined)?.trim() || undefined,
          contacted: v.contacted as boolean,
        });
      }}
    >
      {nothing ? <Alert type="info" showIcon message="本单位没有办理中的承办记录（请先签收）" style={{ marginBottom: 12 }} /> : null}
      <AssignmentChoice options={handling} />
      {chosen ? (
        <div className="ms-dh-act-line">
          <AssignmentLine a={chosen} />
          <Typography.Text type="secondary">反馈至：{target}</Typography.Text>
        </div>
      ) : null}
      {others.length > 0 ? (
        <div className="ms-dh-act-others" data-testid="assisting-replies">
          <Typography.Text strong>{chosen?.role === 'primary' && chosen.parentAssignmentId === null ? '协办及下级单位的反馈' : '下级单位的反馈'}</Typography.Text>
          {others.map((o) => (o.replyResult
            ? <ReplyView key={o.id} a={o} />
            : <div key={o.id} className="ms-muted ms-small">{o.unitName}（{o.role === 'assisting' ? '协办' : '下级'}）：{o.stateLabel}，尚未反馈</div>))}
        </div>
      ) : null}
      <Form.Item name="result" label="办理结果" required extra={notAResult(result.trim()) ? undefined : '写明问题是否解决、如何解决；“正在办理”“已呈报领导”不是办理结果'}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={10000} showCount placeholder="向诉求人说明的办理结果" data-testid="reply-result" />
      </Form.Item>
      {notAResult(result.trim()) ? (
        <Alert type="warning" showIcon style={{ marginTop: -8, marginBottom: 12 }} message="“正在办理”“已呈报”等不是办理结果，审核时会被退回重办。请写明办理结果。" />
      ) : null}
      <Form.Item name="measures" label="办理措施">
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={10000} placeholder="现场核查、约谈、整改等（可选）" />
      </Form.Item>
      <Form.Item name="basis" label="政策依据">
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={5000} placeholder="依据的法规、政策条款（可选）" />
      </Form.Item>
      <Form.Item name="contacted" label="是否已联系诉求人" rules={[{ required: true, message: '请选择是否已联系诉求人' }]}>
        <Radio.Group data-testid="reply-contacted">
          <Radio value={true}>已联系</Radio>
          <Radio value={false}>未联系</Radio>
        </Radio.Group>
      </Form.Item>
      {contacted === false ? (
        <Alert type="warning" showIcon style={{ marginTop: -8, marginBottom: 12 }} message="未联系诉求人的答复，审核时通常会被退回。确实无法联系的，请在办理措施中写明联系经过。" />
      ) : null}
      {nothing ? null : <AttachmentUpload ticketId={ticket.id} assignmentId={chosen?.id} onBusy={setUploading} />}
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '办理反馈', hint: '填写办理结果并上传附件，反馈后进入审核', kind: 'primary', width: 720, Form: ReplyForm };
