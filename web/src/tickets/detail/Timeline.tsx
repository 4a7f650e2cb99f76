// 全程留痕: every event of the ticket, oldest first, in Chinese: what happened, who did it (and for
// which unit), when, and what they said (reasons, notes, days, units).
import type { ReactNode } from 'react';
import { Card, Empty, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from '../../labels';
import { useCodes } from '../codes';
import type { TicketDetail, TicketEvent } from '../types';
import {
  CLOSE_REASON_LABELS, DEADLINE_WHICH_LABELS, EVENT_LABELS, REVEAL_FIELD_LABELS, SATISFACTION_LABELS, SUPERVISION_LEVEL_LABELS,
} from './labels';

type Data = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The event's own label, sharpened by its data (审核 → 审核通过 / 退回重办). */
export function eventTitle(e: Pick<TicketEvent, 'type' | 'data'>): string {
  const d = e.data as Data;
  switch (e.type) {
    case 'reviewed':
      return d.approve ? '审核通过' : '退回重办';
    case 'return_decided':
      return d.approve ? '同意退单' : '驳回退单';
    case 'extension_decided':
      return d.approve ? '同意延期' : '驳回延期';
    case 'suspend_decided':
      return d.approve === false ? '驳回挂起' : '同意挂起';
    case 'urged':
      return d.manual === false ? (d.auto === 'overdue' ? '超期自动催办' : '临期自动催办') : '催办';
    case 'visited':
      return d.contacted ? '回访' : '回访未联系上';
    case 'deadline_warned':
    case 'deadline_overdue': {
      const which = DEADLINE_WHICH_LABELS[String(d.which)] ?? '';
      return `${which}${e.type === 'deadline_warned' ? '临期预警' : '超期'}`;
    }
    case 'deadlines_recomputed':
      return '时限重算';
    default:
      return EVENT_LABELS[e.type] ?? e.type;
  }
}

function color(e: TicketEvent): string {
  const d = e.data as Data;
  if (e.type === 'deadline_overdue' || (e.type === 'reviewed' && !d.approve) || e.type === 'reopened' || e.type === 'invalidated') return 'red';
  if (e.type === 'deadline_warned' || e.type === 'urged' || e.type.startsWith('supervision') || e.type.endsWith('_requested')) return 'orange';
  if (e.type === 'closed' || e.type === 'archived' || (e.type === 'reviewed' && d.approve) || (e.type === 'visited' && d.satisfaction && d.satisfaction !== 'unsatisfied')) return 'green';
  if (e.type === 'revealed') return 'gray';
  return 'blue';
}

function Said({ label, text }: { label: string; text: string | null }) {
  if (!text) return null;
  return <div className="ms-ticket-event-detail"><span className="ms-muted">{label}：</span>{text}</div>;
}

/** What an event says beyond its title. */
function detail(e: TicketEvent, unit: (id: unknown) => string | null, channelName: (c: string) => string): ReactNode {
  const d = e.data as Data;
  switch (e.type) {
    case 'accepted':
      return (
        <>
          {str(d.channel) ? <div className="ms-ticket-event-detail"><span className="ms-muted">来源：</span>{channelName(String(d.channel))}</div> : null}
          {str(d.splitFromNumber) ? <Said label="拆分自" text={String(d.splitFromNumber)} /> : null}
        </>
      );
    case 'dispatched': {
      const assisting = Array.isArray(d.assistingUnitIds) ? d.assistingUnitIds.map(unit).filter(Boolean).join('、') : '';
      return (
        <>
          <Said label="主办" text={unit(d.primaryUnitId)} />
          <Said label="协办" text={assisting || null} />
          <Said label="派单说明" text={str(d.note)} />
          {d.followedProposal === false ? <Tag style={{ marginTop: 2 }}>未采纳派单目录建议</Tag> : null}
        </>
      );
    }
    case 'redispatched':
      return (
        <>
          <Said label="下派" text={[unit(d.fromUnitId), unit(d.unitId)].filter(Boolean).join(' → ') || null} />
          <Said label="说明" text={str(d.note)} />
        </>
      );
    case 'signed':
      return <Said label={unit(d.unitId) ?? '单位'} text={d.onTime === false ? '超期签收' : '按时签收'} />;
    case 'replied':
      return (
        <>
          <Said label={unit(d.unitId) ?? '单位'} text={`${d.to === 'platform' ? '向热线反馈' : d.to === 'parent' ? '向上级单位反馈' : '向主办单位反馈'}${d.onTime === false ? '（超期）' : ''}${d.contacted === false ? '，未联系诉求人' : ''}`} />
          {num(d.assistingOpen) ? <Said label="提示" text={`尚有 ${String(d.assistingOpen)} 个协办单位未反馈`} /> : null}
        </>
      );
    case 'return_requested':
    case 'suspend_requested':
      return <><Said label="单位" text={unit(d.unitId)} /><Said label="理由" text={str(d.reason)} /></>;
    case 'extension_requested':
      return <><Said label="单位" text={unit(d.unitId)} /><Said label="申请延期" text={num(d.days) ? `${String(d.days)} 个工作日` : null} /><Said label="理由" text={str(d.reason)} /></>;
    case 'extension_decided':
      return <><Said label="延期" text={num(d.days) ? `${String(d.days)} 个工作日` : null} /><Said label="新办理时限" text={str(d.replyDeadline) ? formatDateTime(String(d.replyDeadline)) : null} /><Said label="理由" text={str(d.reason)} /></>;
    case 'return_decided':
    case 'suspend_decided':
    case 'suspended':
    case 'reopened':
    case 'invalidated':
      return <Said label="理由" text={str(d.reason)} />;
    case 'reviewed':
      return <><Said label={d.approve ? '意见' : '退回理由'} text={str(d.reason)} />{!d.approve ? <Said label="退回单位" text={unit(d.unitId)} /> : null}</>;
    case 'resumed':
      return <Said label="说明" text={str(d.note)} />;
    case 'visited': {
      const parts = d.contacted
        ? [d.resolved === true ? '已解决' : d.resolved === false ? '未解决' : null, str(d.satisfaction) ? SATISFACTION_LABELS[String(d.satisfaction) as keyof typeof SATISFACTION_LABELS] ?? String(d.satisfaction) : null]
        : ['未联系上'];
      return (
        <>
          <Said label="结果" text={parts.filter(Boolean).join('，') || null} />
          {d.via && d.via !== 'call' ? <Said label="方式" text={d.via === 'sms' ? '短信评价' : '网上评价'} /> : null}
          <Said label="记录" text={str(d.note)} />
        </>
      );
    }
    case 'closed':
      return <><Said label="原因" text={CLOSE_REASON_LABELS[String(d.reason) as keyof typeof CLOSE_REASON_LABELS] ?? str(d.reason)} /><Said label="说明" text={str(d.explanation)} /></>;
    case 'merged':
      return <><Said label="并入" text={str(d.masterNumber)} /><Said label="说明" text={str(d.note)} /></>;
    case 'merged_from':
      return <Said label="并入工单" text={str(d.number)} />;
    case 'flagged_repeat':
      return <Said label="屡办不成" text={`${str(d.basisLabel) ?? ''}反映同一诉求 ${num(d.count) ? String(d.count) : '?'} 次`} />;
    case 'split':
      return <Said label="拆出" text={Array.isArray(d.into) ? (d.into as { number?: string }[]).map((x) => x.number).filter(Boolean).join('、') : null} />;
    case 'urged':
      return <><Said label="催办单位" text={unit(d.unitId)} /><Said label="内容" text={str(d.note)} /></>;
    case 'supervision_opened':
      return (
        <>
          <Said label="级别" text={SUPERVISION_LEVEL_LABELS[String(d.level) as keyof typeof SUPERVISION_LEVEL_LABELS] ?? str(d.level)} />
          <Said label="督办单位" text={unit(d.unitId)} />
          <Said label="事由" text={str(d.reason)} />
          <Said label="答复期限" text={str(d.deadline) ? formatDateTime(String(d.deadline)) : null} />
        </>
      );
    case 'supervision_answered':
      return <Said label={unit(d.unitId) ?? '单位'} text={d.onTime === false ? '超期答复' : '按期答复'} />;
    case 'supervision_closed':
      return <Said label="结果" text={str(d.result)} />;
    case 'deadline_warned':
    case 'deadline_overdue':
      return <Said label="时限" text={str(d.deadline) ? formatDateTime(String(d.deadline)) : null} />;
    case 'revealed':
      return <Said label="查看字段" text={REVEAL_FIELD_LABELS[String(d.field)] ?? str(d.field)} />;
    default:
      return null;
  }
}

export function TicketTimeline({ ticket, newestFirst = false }: { ticket: TicketDetail; newestFirst?: boolean }) {
  const codes = useCodes();
  const names = new Map(ticket.assignments.map((a) => [a.unitId, a.unitName]));
  const unit = (id: unknown): string | null => (typeof id === 'number' ? names.get(id) ?? null : null);
  const events = newestFirst ? [...ticket.events].reverse() : ticket.events;
  return (
    <Card size="small" title={`办理过程（${ticket.events.length}）`} className="ms-ticket-timeline" data-testid="timeline">
      {events.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无记录" /> : (
        <Timeline
          items={events.map((e) => ({
            key: e.id,
            color: color(e),
            content: (
              <div data-testid="event" data-type={e.type}>
                <div className="ms-ticket-event-head">
                  <Typography.Text strong>{eventTitle(e)}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(e.at)}</Typography.Text>
                </div>
                <div className="ms-muted" style={{ fontSize: 12 }}>
                  {e.actorName ? `${e.actorName}${e.actorUnitName ? ` · ${e.actorUnitName}` : ''}` : '系统'}
                </div>
                {detail(e, unit, (c) => codes.name('channels', c))}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
