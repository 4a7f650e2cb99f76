// Pieces the generic action forms share: the footer (cancel / submit, the keyboard hint) and a
// reason box with one-click phrases staff use every day.
import type { ReactNode } from 'react';
import { Button, Form, Input, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';

export function ActionFooter({ submitting, onCancel, okText, danger = false, hint = 'Ctrl+Enter 提交' }: { submitting: boolean; onCancel: () => void; okText: string; danger?: boolean; hint?: ReactNode }) {
  return (
    <div className="ms-ticket-form-footer">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>
      <Space>
        <Button onClick={onCancel}>取消</Button>
        <Button type="primary" danger={danger} htmlType="submit" loading={submitting} data-testid="action-submit">{okText}</Button>
      </Space>
    </div>
  );
}

interface ReasonProps {
  form: FormInstance;
  name?: string;
  label: string;
  placeholder?: string;
  presets?: string[];
  rows?: number;
  maxLength?: number;
  /** Marks the field as required (the server decides; this only draws the asterisk). */
  required?: boolean;
  extra?: ReactNode;
  autoFocus?: boolean;
}

/** A text box whose phrases fill it on a click (appended when it already says something). */
export function ReasonField({ form, name = 'reason', label, placeholder, presets = [], rows = 3, maxLength = 2000, required = false, extra, autoFocus = false }: ReasonProps) {
  const add = (p: string) => {
    const now = String(form.getFieldValue(name) ?? '').trim();
    form.setFieldValue(name, now ? (now.includes(p) ? now : `${now}；${p}`) : p);
    form.setFields([{ name, errors: [] }]);
    form.focusField(name);
  };
  return (
    <Form.Item label={label} required={required} extra={extra} style={{ marginBottom: 12 }}>
      {presets.length ? (
        <div className="ms-ticket-presets">
          {presets.map((p) => (
            <Tag.CheckableTag key={p} checked={false} onChange={() => add(p)}>{p}</Tag.CheckableTag>
          ))}
        </div>
      ) : null}
      <Form.Item name={name} noStyle>
        <Input.TextArea rows={rows} maxLength={maxLength} showCount placeholder={placeholder} autoFocus={autoFocus} data-testid={`field-${name}`} />
      </Form.Item>
    </Form.Item>
  );
}

/**
 * `onValuesChange` for a form whose errors come from the server: an edited field drops its error
 * (fields without client rules would otherwise keep the server's message after the fix).
 */
export function clearErrorsOnChange(form: FormInstance) {
  return (changed: Record<string, unknown>) => {
    const names = Object.keys(changed).filter((name) => form.getFieldError(name).length > 0);
    if (names.length) form.setFields(names.map((name) => ({ name, errors: [] })));
  };
}
