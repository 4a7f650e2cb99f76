// 进度查询 and 评价: the citizen proves the ticket is theirs with its number and their phone, then
// sees its progress (the public timeline and the answer) and, once answered, rates it. Both pages
// are one: 评价 opens at the rating, and says when the ticket cannot be rated yet.
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { Alert, App, Button, Form, Input, Radio, Tag, Timeline } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, PictureOutlined, StarFilled } from '@ant-design/icons';
import { ApiError, errorText } from '../api';
import { useApiError } from '../hooks';
import { formatDateTime } from '../labels';
import { publicApi, SATISFACTIONS, satisfactionLabel } from './api';
import type { CitizenTicket } from './api';
import { H5Bar } from './shell';

interface LookupValues {
  number?: string;
  phone?: string;
}

const STATE_COLORS: Record<string, string> = {
  accepted: 'default', answered: 'cyan', dispatching: 'blue', assigned: 'blue', handling: 'processing', replied: 'purple',
  visiting: 'magenta', closed: 'success', archived: 'success', suspended: 'warning', merged: 'default', invalid: 'default',
};

export function H5Follow({ mode }: { mode: 'follow' | 'rate' }) {
  const [form] = Form.useForm<LookupValues>();
  const showError = useApiError();
  const location = useLocation();
  const carried = (location.state ?? null) as { number?: string; phone?: string } | null;
  const [ticket, setTicket] = useState<CitizenTicket | null>(null);
  const [who, setWho] = useState<{ number: string; phone: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const rateRef = useRef<HTMLDivElement>(null);

  const lookup = async (values: LookupValues) => {
    const number = values.number?.trim() ?? '';
    const phone = values.phone?.trim() ?? '';
    setLoading(true);
    setError(null);
    try {
      const t = await publicApi.lookup(number, phone);
      setTicket(t);
      setWho({ number, phone });
    } catch (e) {
      setTicket(null);
      // A field error (a malformed number) goes under its input; not found and too many tries above the button.
      if (e instanceof ApiError && e.fields.length > 0) showError(e, form);
      else setError(errorText(e));
    } finally {
      setLoading(false);
    }
  };

  // Arrived from the submitted page: number and phone are known, look it up at once.
  useEffect(() => {
    if (carried?.number && carried.phone) {
      form.setFieldsValue({ number: carried.number, phone: carried.phone });
      void lookup({ number: carried.number, phone: carried.phone });
    }
    // once, on arrival
  }, []);

  useEffect(() => {
    if (mode === 'rate' && ticket) rateRef.current?.scrollIntoView({ block: 'start' });
  }, [mode, ticket]);

  const title = mode === 'rate' ? '评价' : '进度查询';
  return (
    <>
      <H5Bar title={title} />
      <main className="ms-h5-page">
        <Form form={form} layout="vertical" onFinish={(v) => void lookup(v)} requiredMark={false} data-testid="h5-lookup-form">
          <Form.Item name="number" label="工单编号" rules={[{ required: true, whitespace: true, message: '请填写工单编号' }]}>
            <Input id="number" inputMode="numeric" autoComplete="off" maxLength={16} placeholder="提交后得到的编号" />
          </Form.Item>
          <Form.Item name="phone" label="手机号码" rules={[{ required: true, whitespace: true, message: '请填写提交时的手机号码' }]}>
            <Input id="phone" inputMode="tel" autoComplete="tel" maxLength={30} placeholder="提交时填写的手机号码" />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} className="ms-h5-alert" data-testid="h5-error" /> : null}
          <Button type="primary" htmlType="submit" size="large" block loading={loading} data-testid="h5-lookup">
            查询
          </Button>
        </Form>
        {ticket && who ? (
          <TicketView ticket={ticket} mode={mode} rateRef={rateRef} onRated={setTicket} who={who} />
        ) : null}
      </main>
    </>
  );
}

function TicketView({ ticket, mode, rateRef, onRated, who }: {
  ticket: CitizenTicket; mode: 'follow' | 'rate'; rateRef: React.RefObject<HTMLDivElement | null>; onRated: (t: CitizenTicket) => void;
  who: { number: string; phone: string };
}) {
  // Newest step first: what happened last is what the citizen came to see.
  const steps = [...ticket.timeline].reverse();
  return (
    <section className="ms-h5-ticket" data-testid="h5-ticket">
      <div className="ms-h5-card">
        <div className="ms-h5-ticket-head">
          <span className="ms-mono">{ticket.number}</span>
          <Tag color={STATE_COLORS[ticket.state] ?? 'default'} data-testid="h5-state" data-state={ticket.state}>
            {ticket.stateLabel}
          </Tag>
        </div>
        <h2 className="ms-h5-ticket-title">{ticket.title}</h2>
        <p className="ms-h5-muted">
          {ticket.typeLabel} · {formatDateTime(ticket.acceptedAt)} 受理 · {ticket.citizen.name ?? '—'} {ticket.citizen.phone ?? ''}
        </p>
        {ticket.content.trim() !== ticket.title.trim() ? <p className="ms-h5-content">{ticket.content}</p> : null}
        {ticket.photos.length > 0 ? (
          <p className="ms-h5-muted" data-testid="h5-photo-count">
            <PictureOutlined /> 您上传的照片 {ticket.photos.length} 张
          </p>
        ) : null}
      </div>

      {ticket.result ? (
        <div className="ms-h5-card ms-h5-result" data-testid="h5-result">
          <div className="ms-h5-card-title">
            <CheckCircleOutlined /> 办理结果
          </div>
          <p>{ticket.result.text}</p>
          <p className="ms-h5-muted">
            {ticket.result.unitName ?? '12345热线'} · {formatDateTime(ticket.result.at)}
          </p>
        </div>
      ) : null}

      <div className="ms-h5-card">
        <div className="ms-h5-card-title">
          <ClockCircleOutlined /> 办理进度
        </div>
        <Timeline
          data-testid="h5-timeline"
          items={steps.map((s, i) => ({
            color: i === 0 ? 'blue' : 'gray',
            content: (
              <div>
                <div className="ms-h5-step">{s.label}</div>
                {s.unitName ? <div className="ms-h5-step-unit">{s.unitName}</div> : null}
                <div className="ms-h5-muted">{formatDateTime(s.at)}</div>
              </div>
            ),
          }))}
        />
      </div>

      <div ref={rateRef} className="ms-h5-card" data-testid="h5-rating">
        <div className="ms-h5-card-title">
          <StarFilled className="ms-h5-star" /> 评价
        </div>
        {ticket.rating.given ? (
          <p data-testid="h5-rated">
            您已评价：{ticket.rating.given.resolved ? '问题已解决' : '问题未解决'}，{satisfactionLabel(ticket.rating.given.satisfaction)}（{formatDateTime(ticket.rating.given.at)}）。感谢您的反馈！
          </p>
        ) : ticket.rating.open ? (
          <RateForm who={who} onRated={onRated} />
        ) : (
          <p className="ms-h5-muted" data-testid="h5-not-rateable">
            {mode === 'rate' ? '该工单暂不能评价：' : ''}办理结果答复后即可在此评价。当前状态：{ticket.stateLabel}。
          </p>
        )}
      </div>
    </section>
  );
}

interface RateValues {
  resolved?: boolean;
  satisfaction?: string;
  comment?: string;
}

function RateForm({ who, onRated }: { who: { number: string; phone: string }; onRated: (t: CitizenTicket) => void }) {
  const [form] = Form.useForm<RateValues>();
  const { message } = App.useApp();
  const showError = useApiError();
  const [saving, setSaving] = useState(false);
  const submit = async (v: RateValues) => {
    setSaving(true);
    try {
      const t = await publicApi.rate({ ...who, resolved: v.resolved === true, satisfaction: v.satisfaction ?? '', comment: v.comment?.trim() || null });
      message.success('感谢您的评价');
      onRated(t);
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} data-testid="h5-rate-form">
      <Form.Item name="resolved" label="问题是否已解决" rules={[{ required: true, message: '请选择问题是否已解决' }]}>
        <Radio.Group id="resolved" className="ms-h5-chips" optionType="button" buttonStyle="solid" options={[{ value: true, label: '已解决' }, { value: false, label: '未解决' }]} />
      </Form.Item>
      <Form.Item name="satisfaction" label="您对办理结果" rules={[{ required: true, message: '请选择满意程度' }]}>
        <Radio.Group id="satisfaction" className="ms-h5-chips" optionType="button" buttonStyle="solid" options={SATISFACTIONS.map((s) => ({ value: s.value, label: s.label }))} />
      </Form.Item>
      <Form.Item name="comment" label="意见建议（选填）">
        <Input.TextArea id="comment" rows={3} maxLength={500} showCount />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={saving} data-testid="h5-rate-submit">
        提交评价
      </Button>
    </Form>
  );
}
