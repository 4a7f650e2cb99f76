import { Alert, Col, Row, Statistic, Table } from 'antd';

export interface RejectedRow {
  row: number;
  field?: string;
  reason: string;
}

/** Subject import says {row, reason}; calendar import says {row, field, message}: show both alike. */
function normalise(rejected: unknown): RejectedRow[] {
  if (!Array.isArray(rejected)) return [];
  return rejected.map((r: Record<string, unknown>) => ({
    row: Number(r.row),
    field: typeof r.field === 'string' ? r.field : undefined,
    reason: String(r.reason ?? r.message ?? ''),
  }));
}

function count(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  return typeof v === 'number' ? v : 0;
}

/** Counts of what an import created, found existing, and rejected; the rejected rows with reasons. */
export function ImportResult({ stats, rejected, rows: total }: { stats: { label: string; value: unknown }[]; rejected: unknown; rows?: unknown }) {
  const rows = normalise(rejected);
  const rejectedCount = Array.isArray(rejected) ? rejected.length : count(rejected);
  return (
    <div data-testid="import-result">
      {typeof total === 'number' ? <p style={{ marginTop: 0 }}>文件共 {total} 行数据。</p> : null}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        {stats.map((s) => (
          <Col key={s.label} span={24 / (stats.length + 1)}>
            <Statistic title={s.label} value={count(s.value)} />
          </Col>
        ))}
        <Col span={24 / (stats.length + 1)}>
          <Statistic title="被拒绝" value={rejectedCount} styles={{ content: rejectedCount > 0 ? { color: '#cf1322' } : undefined }} />
        </Col>
      </Row>
      {rows.length > 0 ? (
        <>
          <Alert type="warning" showIcon title="以下行未导入，请修改后重新导入（其余行已保存）" style={{ marginBottom: 8 }} />
          <Table<RejectedRow>
            size="small"
            rowKey={(r) => `${r.row}-${r.reason}`}
            dataSource={rows}
            pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
            columns={[
              { title: '行号', dataIndex: 'row', width: 70 },
              ...(rows.some((r) => r.field) ? [{ title: '列', dataIndex: 'field', width: 90 }] : []),
              { title: '原因', dataIndex: 'reason' },
            ]}
          />
        </>
      ) : (
        <Alert type="success" showIcon title="全部行已处理，没有被拒绝的行" />
      )}
    </div>
  );
}

/** The answer of an import that creates what is new and leaves what exists (units, subjects). */
export interface CreateOrKeepAnswer {
  rows?: number;
  created: number;
  existing: number;
  rejected: unknown;
}

export function CreateOrKeepResult({ answer }: { answer: CreateOrKeepAnswer }) {
  return (
    <ImportResult
      stats={[
        { label: '新增', value: answer.created },
        { label: '已存在', value: answer.existing },
      ]}
      rejected={answer.rejected}
      rows={answer.rows}
    />
  );
}
