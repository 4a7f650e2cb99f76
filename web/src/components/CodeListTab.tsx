import { useState } from 'react';
import { App, Badge, Button, Col, Form, Input, InputNumber, Row, Space, Switch, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { api } from '../api';
import { useLoad } from '../hooks';
import type { Code, CodeList } from '../labels';
import { FormDialog } from './FormDialog';
import { LinkButton } from './LinkButton';
import { LoadError } from './LoadError';

type Values = Code;

/** One code list (types / channels / urgencies): GET the list, PUT one code. */
export function CodeListTab({ list, name, canEdit }: { list: CodeList; name: string; canEdit: boolean }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<Code | 'new' | null>(null);
  const codes = useLoad((signal) => api.get<{ items: Code[] }>(`/api/catalogue/${list}`, undefined, signal).then((r) => r.items), [list]);

  if (codes.error && !codes.data) return <LoadError error={codes.error} onRetry={codes.reload} />;

  const items = [...(codes.data ?? [])].sort((a, b) => a.sortOrder - b.sortOrder);
  const isNew = editing === 'new';
  const initial: Partial<Values> | undefined = editing === null ? undefined : isNew ? { active: true, sortOrder: items.length + 1 } : editing;

  return (
    <>
      {canEdit ? (
        <Space style={{ marginBottom: 8 }}>
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            新增{name}
          </Button>
        </Space>
      ) : null}
      <Table<Code>
        size="small"
        rowKey="code"
        loading={codes.loading}
        dataSource={items}
        pagination={false}
        data-testid={`code-table-${list}`}
        columns={[
          { title: '编码', dataIndex: 'code', width: 160, render: (v: string) => <span className="ms-mono">{v}</span> },
          { title: '名称', dataIndex: 'name', width: 200 },
          { title: '英文名称', dataIndex: 'nameEn' },
          ...(list === 'types' ? [{ title: '报表分组', dataIndex: 'reportGroup', width: 140, render: (v: string | null) => v ?? <span className="ms-muted">（同名称）</span> }] : []),
          { title: '排序', dataIndex: 'sortOrder', width: 80, align: 'right' },
          { title: '状态', dataIndex: 'active', width: 90, render: (a: boolean) => (a ? <Badge status="success" text="启用" /> : <Badge status="default" text="停用" />) },
          ...(canEdit ? [{ title: '操作', key: 'op', width: 80, render: (_: unknown, c: Code) => <LinkButton onClick={() => setEditing(c)}>修改</LinkButton> }] : []),
        ]}
      />
      <FormDialog<Values>
        open={editing !== null}
        title={isNew ? `新增${name}` : `修改${name} · ${editing?.name ?? ''}`}
        form={form}
        initialValues={initial}
        focus={isNew ? 'code' : 'name'}
        onClose={() => setEditing(null)}
        onSubmit={async (values) => {
          const code = isNew ? values.code.trim() : (editing as Code).code;
          const saved = await api.put<Code>(`/api/catalogue/${list}/${encodeURIComponent(code)}`, {
            name: values.name,
            nameEn: values.nameEn,
            sortOrder: values.sortOrder ?? undefined,
            active: values.active,
            ...(list === 'types' ? { reportGroup: values.reportGroup ?? null } : {}),
          });
          message.success(`已保存「${saved.name}」`);
          codes.reload();
        }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="编码" name="code" rules={[{ required: true, whitespace: true, message: '请输入编码' }]} extra={isNew ? '小写字母开头，可含数字和下划线，如 hotline_app' : '编码不可修改'}>
              <Input maxLength={50} disabled={!isNew} className="ms-mono" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="英文名称" name="nameEn" rules={[{ required: true, whitespace: true, message: '请输入英文名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        {list === 'types' ? (
          <Form.Item label="报表分组" name="reportGroup" extra="统计和报告按此分组汇总类型，如 市政管理类、咨询服务类；留空则按类型名称">
            <Input maxLength={30} allowClear />
          </Form.Item>
        ) : null}
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item label="排序" name="sortOrder">
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="启用" name="active" valuePropName="checked">
              <Switch checkedChildren="启用" unCheckedChildren="停用" />
            </Form.Item>
          </Col>
        </Row>
      </FormDialog>
    </>
  );
}
