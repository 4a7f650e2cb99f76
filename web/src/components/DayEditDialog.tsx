import { Form, Input, Radio } from 'antd';
import { api } from '../api';
import { DAY_KINDS, DAY_KIND_LABELS } from '../labels';
import type { CalendarDay, DayKind } from '../labels';
import { FormDialog } from './FormDialog';
import { weekdayName } from './YearCalendar';

interface Values {
  kind: DayKind;
  name?: string;
}

/** Change one day's kind (PUT /api/calendar/days/{date}). Open deadlines are recomputed by the server. */
export function DayEditDialog({ day, onClose, onSaved }: { day: CalendarDay | null; onClose: () => void; onSaved: (d: CalendarDay) => void }) {
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  return (
    <FormDialog<Values>
      open={day !== null}
      title={day ? `${day.date}（${weekdayName(day.date)}）` : ''}
      form={form}
      initialValues={day ? { kind: day.kind, name: day.name ?? undefined } : undefined}
      width={460}
      onClose={onClose}
      onSubmit={async (values) => {
        if (!day) return;
        const named = values.kind === 'holiday' || values.kind === 'makeup';
        const saved = await api.put<CalendarDay>(`/api/calendar/days/${day.date}`, { kind: values.kind, name: named ? values.name?.trim() || undefined : undefined });
        onSaved(saved);
      }}
    >
      <Form.Item label="日期类型" name="kind" rules={[{ required: true, message: '请选择日期类型' }]} extra={day ? `当前：${DAY_KIND_LABELS[day.kind]}${day.name ? `（${day.name}）` : ''}。修改后，未办结工单的办理时限将按新日历重新计算。` : undefined}>
        <Radio.Group optionType="button" buttonStyle="solid" options={DAY_KINDS.map((k) => ({ value: k.code, label: k.name }))} />
      </Form.Item>
      <Form.Item label="节日名称" name="name" extra="如：国庆节；调休上班日填写所属节日">
        <Input maxLength={30} disabled={kind !== 'holiday' && kind !== 'makeup'} placeholder={kind === 'holiday' || kind === 'makeup' ? '如：国庆节' : '仅节假日和调休上班日填写'} />
      </Form.Item>
    </FormDialog>
  );
}
