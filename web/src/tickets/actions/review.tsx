// 审核: the reviewer checks the primary unit's reply. "正在办理中" or "已呈报领导" is not a result, nor is
// a reply made without contacting the citizen (seed 003): such a reply is sent back with a reason.
// The warnings are the server's reply-quality flags, scored when the unit replied (one rule:
// src/text/reply-quality.ts), shown with the three scores.
import { Alert, Collapse, Form, Radio, Space } from 'antd';
import { ActionFooter, ReasonField, clearErrorsOnChange } from '../detail/form';
import { isLiveAssignment, primaryAssignment, ReplyView } from '../detail/Assignments';
import { ReplyQuality } from '../review/ReplyQuality';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';

const SEND_BACK_PRESETS = ['未联系诉求人', '办理结果不明确', '答复与诉求不符', '仅为过程性答复（正在办理/已呈报）', '缺少政策依据', '措施未落实'];

interface Values {
  decision: 'approve' | 'sendBack';
  reason?: string;
}

function ReviewForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'review', onDone);
  const decision = Form.useWatch('decision', form) as Values['decision'] | undefined;
  const primary = primaryAssignment(ticket);
  const others = ticket.assignments.filter((a) => a !== primary && a.replyResult && isLiveAssignment(a));
  // 疑似敷衍 first: the verdict, then its reasons.
  const warnings = [...(primary?.replyQuality?.flags ?? [])].sort((a, b) => Number(b.code === 'perfunctory') - Number(a.code === 'perfunctory'));
  const sendBack = decision === 'sendBack';
  return (
    <Form<Values>
      form={form} onValuesChange={clearErrorsOnChange(form)}
      layout="vertical"
      initialValues={{ decision: 'approve' }}
      onFinish={(v) => submit({ approve: v.decision === 'approve', reason: v.reason?.trim() || null })}
    >
      {primary ? <ReplyView a={primary} quality={false} /> : <Alert type="warning" title="没有找到主办单位的反馈" />}
      {primary ? <ReplyQuality a={primary} flags={false} /> : null}
      {others.length ? (
        <Collapse
          size="small"
          style={{ marginTop: 8 }}
          items={[{ key: 'others', label: `协办及下级单位反馈（${others.length}）`, children: others.map((a) => <ReplyView key={a.id} a={a} />) }]}
        />
      ) : null}
      {warnings.length ? (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} title={warnings.map((w) => <div key={w.code} data-flag={w.code}>{w.label}</div>)} data-testid="review-warnings" />
      ) : null}
      <Form.Item name="decision" label="审核结论" style={{ marginTop: 12, marginBottom: 12 }}>
        <Radio.Group optionType="button" buttonStyle="solid" data-testid="field-decision">
          <Space size={0}>
            <Radio.Button value="approve" data-testid="decision-approve">通过，转回访</Radio.Button>
            <Radio.Button value="sendBack" data-testid="decision-sendBack">退回重办</Radio.Button>
          </Space>
        </Radio.Group>
      </Form.Item>
      <ReasonField
        form={form}
        label={sendBack ? '退回理由' : '审核意见（可选）'}
        required={sendBack}
        presets={sendBack ? SEND_BACK_PRESETS : []}
        rows={sendBack ? 3 : 2}
        placeholder={sendBack ? '写明需要承办单位补充或改正的内容，单位将看到此理由' : '可不填'}
        extra={sendBack ? '退回后工单回到承办单位办理中，并不再计为一次办结。' : undefined}
      />
      <ActionFooter submitting={submitting} onCancel={onCancel} okText={sendBack ? '退回重办' : '审核通过'} danger={sendBack} />
    </Form>
  );
}

export const spec: ActionSpec = { label: '审核', hint: '审核承办单位的办理反馈：通过转回访，或退回重办', kind: 'primary', width: 680, Form: ReviewForm };
