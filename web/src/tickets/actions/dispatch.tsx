// 派单: the dispatch catalogue's proposal preselected and one key (F8) to follow it as it is, or a
// primary unit and any assisting units chosen from the unit tree, with a note for the units.
import { useCallback, useEffect, useRef } from 'react';
import { Alert, Button, Form, Input, Tag, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { ActionFrame } from '../dispatch/form';
import { UnitPicker } from '../dispatch/UnitPicker';
import { useUnitIndex } from '../dispatch/units';
import { UnitSuggestions } from '../suggest/UnitSuggestions';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

export const QUICK_DISPATCH_KEY = 'F8';

interface Values {
  primaryUnitId?: number;
  assistingUnitIds?: number[];
  note?: string;
}

function DispatchForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const units = useUnitIndex();
  const proposal = ticket.proposal;
  const { form, submitting, submit } = useActionSubmit(ticket, 'dispatch', onDone, { success: `工单 ${ticket.number} 已派单` });
  const primary = Form.useWatch('primaryUnitId', form) as number | undefined;
  const busy = useRef(false);
  const box = useRef<HTMLDivElement>(null);

  const send = useCallback(async (body: { primaryUnitId: number; assistingUnitIds: number[]; note?: string }) => {
    if (busy.current) return; // a second key press while the first is on its way
    busy.current = true;
    try {
      await submit({ ...body, note: body.note?.trim() || undefined });
    } finally {
      busy.current = false;
    }
  }, [submit]);

  const followProposal = useCallback(() => {
    if (!proposal) return;
    void send({ primaryUnitId: proposal.primaryUnitId, assistingUnitIds: proposal.assistingUnitIds, note: form.getFieldValue('note') as string | undefined });
  }, [proposal, send, form]);

  useEffect(() => {
    if (!proposal) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== QUICK_DISPATCH_KEY || e.repeat) return;
      // Another dialog on top (e.g. 拆单 opened beside the queue's form) keeps its own keys.
      const modal = (document.activeElement as HTMLElement | null)?.closest('.ant-modal');
      if (modal && !modal.contains(box.current)) return;
      e.preventDefault();
      followProposal();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [proposal, followProposal]);

  const ruleText = proposal?.reason.replace(/^派单目录：/, '');
  return (
    <div ref={box}>
      <ActionFrame
        form={form}
        testId="dispatch-form"
        submitting={submitting}
        submitText="派单"
        onCancel={onCancel}
        initialValues={{ primaryUnitId: proposal?.primaryUnitId, assistingUnitIds: proposal?.assistingUnitIds ?? [] }}
        onFinish={(raw) => {
          const v = raw as Values;
          void send({ primaryUnitId: v.primaryUnitId as number, assistingUnitIds: v.assistingUnitIds ?? [], note: v.note });
        }}
        extraButtons={proposal ? (
          <Button type="primary" ghost icon={<ThunderboltOutlined />} onClick={followProposal} loading={submitting} data-testid="dispatch-by-proposal" title={`按派单目录的建议派单（快捷键 ${QUICK_DISPATCH_KEY}）`}>
            按建议派单 <kbd className="ms-dh-act-kbd">{QUICK_DISPATCH_KEY}</kbd>
          </Button>
        ) : null}
      >
        {proposal ? (
          <div className="ms-dh-act-proposal" data-testid="proposal" data-rule-id={proposal.ruleId ?? ''}>
            <div>
              <Typography.Text type="secondary">目录规则：</Typography.Text>
              <Typography.Text>{ruleText}</Typography.Text>
              {proposal.ruleId ? <Typography.Text type="secondary" className="ms-small">（规则 #{proposal.ruleId}）</Typography.Text> : null}
            </div>
            <div>
              <Typography.Text type="secondary">建议：</Typography.Text>
              <Tag color="blue">主办</Tag>
              <Typography.Text strong data-testid="proposal-primary">{units.name(proposal.primaryUnitId)}</Typography.Text>
              {proposal.assistingUnitIds.length > 0 ? (
                <>
                  <Tag style={{ marginInlineStart: 10 }}>协办</Tag>
                  <Typography.Text>{proposal.assistingUnitIds.map((id) => units.name(id)).join('、')}</Typography.Text>
                </>
              ) : null}
            </div>
          </div>
        ) : (
          <Alert
            type="warning"
            showIcon
            data-testid="no-proposal"
            style={{ marginBottom: 12 }}
            message={ticket.subjectId === null ? '工单尚未分类，派单目录无法给出建议' : `派单目录中没有适用于“${ticket.subjectName ?? '该分类'}”${ticket.location.districtName ? `（${ticket.location.districtName}）` : ''}的规则`}
            description="请在下方选择主办单位和协办单位。"
          />
        )}
        <UnitSuggestions ticketId={ticket.id} chosen={primary} onPick={(id) => form.setFieldsValue({ primaryUnitId: id })} />
        <Form.Item name="primaryUnitId" label="主办单位" required>
          <UnitPicker tree={units.tree} aria-label="主办单位" data-testid="primary-unit" placeholder="选择主办单位（可输入名称搜索）" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="assistingUnitIds" label="协办单位" extra="协办单位向主办单位反馈，主办单位向平台反馈。">
          <UnitPicker tree={units.tree} multiple disabledIds={primary ? [primary] : []} aria-label="协办单位" data-testid="assisting-units" placeholder="可选多个，不选则无协办" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="派单说明">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} placeholder="给承办单位的交代（可选）" />
        </Form.Item>
      </ActionFrame>
    </div>
  );
}

export const spec: ActionSpec = {
  label: '派单',
  hint: '派给主办单位（及协办单位），按派单目录建议或手动选择',
  kind: 'primary',
  width: 720,
  Form: DispatchForm,
};
