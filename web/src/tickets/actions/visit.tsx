// 回访: the call back to the citizen. Reached, resolved and (basically) satisfied closes the ticket;
// anything else leaves it in 待回访 for the decision: 重办 or 办结 with an explanation. Unreachable
// is an attempt, recorded with a note only.
import { Alert, Form, Input, Radio } from 'antd';
import { visitCloses } from '../../../../src/domain/tickets/machine';
import { ActionFooter, clearErrorsOnChange } from '../detail/form';
import { CallScript } from '../detail/CallScript';
import { CitizenLine } from '../detail/TicketSummary';
import { useActionSubmit } from './shared';
import type { ActionFormProps, ActionSpec } from './shared';
import type { Satisfaction } from '../detail/labels';

interface Values {
  contacted: boolean;
  resolved?: boolean;
  satisfaction?: Satisfaction;
  note?: string;
}

function VisitForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const { form, submitting, submit } = useActionSubmit(ticket, 'visit', onDone, { success: '回访已记录' });
  const v = (Form.useWatch([], form) ?? {}) as Partial<Values>;
  const contacted = v.contacted !== false;
  const closes = contacted && v.resolved !== undefined && v.satisfaction !== undefined
    ? visitCloses({ contacted: true, resolved: v.resolved, satisfaction: v.satisfaction })
    : null;
  return (
    <Form<Values>
      form={form} onValuesChange={clearErrorsOnChange(form)}
      layout="horizontal"
      labelCol={{ flex: '96px' }}
      initialValues={{ contacted: true }}
      onFinish={(x) => submit(x.contacted
        ? { contacted: true, resolved: x.resolved, satisfaction: x.satisfaction, note: x.note?.trim() || null }
        : { contacted: false, note: x.note?.trim() || null })}
    >
      <CallScript ticket={ticket} />
      <div style={{ margin: '8px 0 12px' }}>
        <span className="ms-muted">诉求人：</span>
        <CitizenLine ticket={ticket} canReveal={ticket.actions.includes('reveal')} />
        {ticket.outcome.visitAttempts > 0 ? <span className="ms-muted" style={{ marginInlineStart: 12 }}>已回访 {ticket.outcome.visitAttempts} 次</span> : null}
      </div>
      <Form.Item name="contacted" label="联系情况" style={{ marginBottom: 10 }}>
        <Radio.Group data-testid="field-contacted">
          <Radio value={true} data-testid="contacted-yes">已联系上</Radio>
          <Radio value={false} data-testid="contacted-no">未联系上（空号、无人接听、拒接）</Radio>
        </Radio.Group>
      </Form.Item>
      {contacted ? (
        <>
          <Form.Item name="resolved" label="是否解决" required style={{ marginBottom: 10 }}>
            <Radio.Group data-testid="field-resolved">
              <Radio value={true} data-testid="resolved-yes">已解决</Radio>
              <Radio value={false} data-testid="resolved-no">未解决</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="satisfaction" label="满意度" required style={{ marginBottom: 10 }}>
            <Radio.Group data-testid="field-satisfaction">
              <Radio value="satisfied" data-testid="satisfaction-satisfied">满意</Radio>
              <Radio value="basic" data-testid="satisfaction-basic">基本满意</Radio>
              <Radio value="unsatisfied" data-testid="satisfaction-unsatisfied">不满意</Radio>
            </Radio.Group>
          </Form.Item>
        </>
      ) : null}
      <Form.Item name="note" label={contacted ? '回访记录' : '未联系说明'} style={{ marginBottom: 22 }}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder={contacted ? '诉求人的原话、不满意的原因等' : '如：两次拨打无人接听'} data-testid="field-note" />
      </Form.Item>
      {!contacted ? (
        <Alert type="warning" showIcon title="未联系上记为一次回访尝试，不是有效回访；工单仍待回访。" style={{ marginBottom: 12 }} />
      ) : closes === true ? (
        <Alert type="success" showIcon title="提交后工单办结。" style={{ marginBottom: 12 }} data-testid="visit-preview" />
      ) : closes === false ? (
        <Alert type="warning" showIcon title="未解决或不满意：提交后工单留在待回访，请接着选择「重办」或「办结」（说明理由）。" style={{ marginBottom: 12 }} data-testid="visit-preview" />
      ) : null}
      <ActionFooter submitting={submitting} onCancel={onCancel} okText="记录回访" />
    </Form>
  );
}

export const spec: ActionSpec = { label: '回访', hint: '回访诉求人：是否联系、是否解决、满意度', kind: 'primary', width: 720, Form: VisitForm };
