// 审核: the reviewer's queue of replies waiting for review (待审核), the nearest review deadline
// first; the selected ticket's reply beside the list, 审核 its main action.
import { useState } from 'react';
import { Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { formatDateTime } from '../labels';
import { Deadline } from '../tickets/Deadline';
import { PageHeader } from '../components/PageHeader';
import { primaryAssignment } from '../tickets/detail/Assignments';
import { TicketQueue } from '../tickets/detail/TicketQueue';
import { ReplyQualityCell } from '../tickets/review/ReplyQuality';
import type { Ticket } from '../tickets/types';

const extra: TableColumnsType<Ticket> = [
  {
    title: '主办单位', key: 'primary', width: 150, ellipsis: true,
    render: (_: unknown, t) => {
      const a = primaryAssignment(t);
      if (!a) return '—';
      return a.unitName;
    },
  },
  {
    // The server's reply-quality scores and flags (docs/reply-quality.md): weak replies stand out in the queue.
    title: '答复质量', key: 'replyQuality', width: 112,
    render: (_: unknown, t) => <ReplyQualityCell a={primaryAssignment(t)} />,
  },
  {
    title: '反馈时间', key: 'repliedAt', width: 110,
    render: (_: unknown, t) => (t.repliedAt ? <Tooltip title={formatDateTime(t.repliedAt)}>{formatDateTime(t.repliedAt).slice(5)}</Tooltip> : '—'),
  },
  {
    title: '审核时限', key: 'reviewDeadline', width: 130,
    render: (_: unknown, t) => <Deadline deadline={t.reviewDeadline ?? t.dueAt} level={t.slaLevel} label="审核时限" />,
  },
];

export function ReviewPage() {
  const [total, setTotal] = useState<number | null>(null);
  return (
    <div>
      <PageHeader
        title={`审核${total !== null ? `（${total}）` : ''}`}
        hint="承办单位已反馈、待热线审核的工单，按审核时限排序。“正在办理”“已呈报”不是办理结果，未联系诉求人的反馈应退回；答复质量由系统在单位反馈时评分，疑似敷衍的标红。"
      />
      <TicketQueue
        testId="review-queue"
        query={{ state: 'replied', sort: 'dueAt' }}
        columns={['number', 'title']}
        extra={extra}
        mainAction="review"
        actions={['review']}
        emptyText="没有待审核的工单"
        onTotal={setTotal}
      />
    </div>
  );
}
