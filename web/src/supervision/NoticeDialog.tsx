// 发布督办通报: title, the units named, the period it covers, the text. Enter in the title submits;
// the server's field errors land under their inputs (the period's two dates under the range).
import { useMemo } from 'react';
import { Form, Input, DatePicker, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { useAuth } from '../auth';
import { FormDialog } from '../components/FormDialog';
import type { UnitNode } from '../labels';
import { supervisionApi } from './api';
import type { NoticeView } from './api';

export interface NoticeDraft {
  title?: string;
  body?: string;
  unitIds?: number[];
}

interface Values {
  title: string;
  unitIds: number[];
  period: [Dayjs, Dayjs] | null;
  body: string;
}

interface Option {
  value: number;
  title: string;
  children?: Option[];
}

function options(nodes: UnitNode[], kindName: (k: UnitNode['kind']) => string): Option[] {
  return nodes.map((n) => ({
    value: Number(n.id),
    title: `${n.name}（${kindName(n.kind)}）`,
    children: n.children?.length ? options(n.children, kindName) : undefined,
  }));
}

/** Last month, the usual period of a notice. */
export function lastMonth(): [Dayjs, Dayjs] {
  const start = dayjs().subtract(1, 'month').startOf('month');
  return [start, start.endOf('month').startOf('day')];
}

interface Props {
  open: boolean;
  draft: NoticeDraft | null;
  tree: UnitNode[] | undefined;
  onClose: () => void;
  onPublished: (notice: NoticeView) => void;
}

export function NoticeDialog({ open, draft, tree, onClose, onPublished }: Props) {
  const [form] = Form.useForm<Values>();
  const { kindName } = useAuth();
  const treeData = useMemo(() => options(tree ?? [], kindName), [tree, kindName]);
  const rootKeys = useMemo(() => (tree ?? []).map((n) => Number(n.id)), [tree]);

  return (
    <FormDialog<Values>
      open={open}
      title="发布督办通报"
      form={form}
      width={640}
      okText="发布"
      initialValues={{ title: draft?.title ?? '', unitIds: draft?.unitIds ?? [], period: lastMonth(), body: draft?.body ?? '' }}
      aliases={{ periodFrom: 'period', periodTo: 'period' }}
      onClose={onClose}
      onSubmit={async (v) => {
        const notice = await supervisionApi.publish({
          title: v.title ?? '',
          body: v.body ?? '',
          unitIds: v.unitIds ?? [],
          periodFrom: v.period?.[0]?.format('YYYY-MM-DD') ?? '',
          periodTo: v.period?.[1]?.format('YYYY-MM-DD') ?? '',
        });
        onPublished(notice);
      }}
    >
      <Form.Item name="title" label="通报标题" rules={[{ required: true, whitespace: true, message: '请填写通报标题' }]}>
        <Input maxLength={100} showCount placeholder="如：关于 10 月份超期工单情况的督办通报" data-testid="notice-title" />
      </Form.Item>
      <Form.Item name="unitIds" label="被通报单位" rules={[{ required: true, message: '请选择被通报的单位' }]} extra="被通报单位（及其上级单位）可在「通报」中看到本通报。">
        <TreeSelect<number[]>
          multiple
          showSearch={{ treeNodeFilterProp: 'title' }}
          treeNodeLabelProp="title"
          treeData={treeData}
          treeDefaultExpandedKeys={rootKeys}
          placeholder="选择单位，可多选，可输入名称查找"
          listHeight={320}
          maxTagCount="responsive"
          allowClear
          data-testid="notice-units"
        />
      </Form.Item>
      <Form.Item name="period" label="通报期间" rules={[{ required: true, message: '请选择通报所涉期间' }]}>
        <DatePicker.RangePicker style={{ width: '100%' }} placeholder={['开始日期', '结束日期']} data-testid="notice-period" />
      </Form.Item>
      <Form.Item name="body" label="通报内容" rules={[{ required: true, whitespace: true, message: '请填写通报内容' }]}>
        <Input.TextArea rows={7} maxLength={10000} showCount placeholder="写明存在的问题、涉及的工单数量、整改要求和时限" data-testid="notice-body" />
      </Form.Item>
    </FormDialog>
  );
}
