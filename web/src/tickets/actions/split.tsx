// 拆单: one call with two (or more) matters becomes two tickets. The ticket keeps the first part;
// each further part becomes a new ticket with the same caller, place and channel, waiting for
// dispatch. Each part has its content and, when it differs, its own title, type and subject.
import { useMemo } from 'react';
import { Button, Col, Form, Input, Row, Select, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { SubjectNode } from '../../labels';
import { useCodes } from '../codes';
import { ActionFrame } from '../dispatch/form';
import type { ActionFormProps, ActionSpec } from './shared';
import { useActionSubmit } from './shared';

interface Part {
  title?: string;
  content?: string;
  type?: string;
  subjectId?: number | null;
}

interface SubjectOption {
  value: number;
  title: string;
  label: string;
  disabled?: boolean;
  children?: SubjectOption[];
}

const toOptions = (nodes: SubjectNode[], path = ''): SubjectOption[] =>
  nodes.map((n) => ({
    value: Number(n.id),
    title: n.name,
    label: path ? `${path} / ${n.name}` : n.name,
    disabled: !n.active,
    children: n.children?.length ? toOptions(n.children, path ? `${path} / ${n.name}` : n.name) : undefined,
  }));

/** The title intake makes from the content (src/services/tickets/intake.ts defaultTitle): not worth keeping once the content is split. */
function madeFromContent(title: string, content: string): boolean {
  const first = [...(content.trim().split(/\n/)[0] ?? '').trim()];
  return title === (first.length <= 30 ? first.join('') : `${first.slice(0, 30).join('')}…`);
}

function SplitForm({ ticket, onDone, onCancel }: ActionFormProps) {
  const codes = useCodes();
  const { form, submitting, submit } = useActionSubmit(ticket, 'split', onDone, { success: '拆单完成' });
  const subjects = useMemo(() => toOptions(codes.subjects), [codes.subjects]);
  const types = codes.types.filter((t) => t.active).map((t) => ({ value: t.code, label: t.name }));
  const initial: Part[] = [
    // A title someone wrote stays; one made from the whole content would no longer fit the first part.
    { title: madeFromContent(ticket.title, ticket.content) ? undefined : ticket.title, content: ticket.content, type: ticket.type, subjectId: ticket.subjectId },
    { type: ticket.type },
  ];
  return (
    <ActionFrame
      form={form}
      testId="split-form"
      submitting={submitting}
      submitText="拆单"
      onCancel={onCancel}
      initialValues={{ parts: initial }}
      onFinish={(v) => void submit({
        parts: ((v.parts as Part[] | undefined) ?? []).map((p) => ({
          content: p.content ?? '',
          title: p.title?.trim() || undefined,
          type: p.type || undefined,
          subjectId: p.subjectId ?? undefined,
        })),
      })}
    >
      <Typography.Paragraph type="secondary">
        第 1 部分留在本工单（{ticket.number}），其余每部分生成一张新工单，诉求人、地点和渠道相同，进入待派单。标题留空则取内容的开头。
      </Typography.Paragraph>
      <Form.List name="parts">
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, i) => (
              <div key={field.key} className="ms-dh-act-part" data-testid="split-part">
                <div className="ms-dh-act-part-head">
                  <Typography.Text strong>{i === 0 ? `第 1 部分（保留在 ${ticket.number}）` : `第 ${i + 1} 部分（新工单）`}</Typography.Text>
                  {fields.length > 2 ? (
                    <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={`删除第 ${i + 1} 部分`}>删除</Button>
                  ) : null}
                </div>
                <Row gutter={8}>
                  <Col span={10}>
                    <Form.Item name={[field.name, 'title']} label="标题">
                      <Input maxLength={200} placeholder="可选" />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item name={[field.name, 'type']} label="诉求类型">
                      <Select options={types} />
                    </Form.Item>
                  </Col>
                  <Col span={9}>
                    <Form.Item name={[field.name, 'subjectId']} label="诉求分类">
                      <TreeSelect
                        treeData={subjects}
                        treeNodeLabelProp="label"
                        showSearch={{ treeNodeFilterProp: 'title' }}
                        allowClear
                        placeholder="可选"
                        popupMatchSelectWidth={false}
                        listHeight={320}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name={[field.name, 'content']} label="诉求内容" rules={[{ required: true, whitespace: true, message: '请填写这一部分的诉求内容' }]} style={{ marginBottom: 4 }}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={20000} placeholder="这一部分的诉求内容" data-testid={`split-content-${i}`} />
                </Form.Item>
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            {fields.length < 10 ? (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: ticket.type })} block style={{ marginBottom: 12 }}>
                再加一部分
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
    </ActionFrame>
  );
}

export const spec: ActionSpec = { label: '拆单', hint: '一次来电反映多件事：拆成多张工单分别派单', kind: 'default', width: 820, Form: SplitForm };
