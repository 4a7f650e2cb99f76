import { useLayoutEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useApiError } from '../hooks';

interface Props<T> {
  open: boolean;
  title: ReactNode;
  form: FormInstance<T>;
  initialValues?: Partial<T>;
  /** Saves; resolve to close the dialog, throw an ApiError to show its field errors. */
  onSubmit: (values: T) => Promise<unknown>;
  onClose: () => void;
  /** The field that a field-less 409 `duplicate` belongs to. */
  duplicateField?: string;
  /** Server field names that map onto differently named inputs. */
  aliases?: Record<string, string>;
  /** The field to focus when the dialog opens (default: the first input). */
  focus?: string;
  okText?: string;
  width?: number;
  children: ReactNode;
}

/**
 * A modal form: Enter in any input submits (the OK button is the form's submit button), the first
 * field gets the focus, and the server's field errors land under their inputs.
 */
export function FormDialog<T extends object>({ open, title, form, initialValues, onSubmit, onClose, duplicateField, aliases, focus, okText = '保存', width = 520, children }: Props<T>) {
  const [saving, setSaving] = useState(false);
  const showError = useApiError();

  const onFinish = async (values: T) => {
    setSaving(true);
    try {
      await onSubmit(values);
      onClose();
    } catch (e) {
      showError(e, form, { fallbackField: duplicateField, aliases });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width}
      okText={okText}
      cancelText="取消"
      onCancel={onClose}
      confirmLoading={saving}
      okButtonProps={{ htmlType: 'submit' }}
      mask={{ closable: false }}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) return;
        if (focus) {
          form.focusField(focus);
          return;
        }
        const body = '.ms-form-dialog .ant-modal-body';
        const first =
          document.querySelector<HTMLElement>(`${body} input[type=radio]:checked`) ??
          document.querySelector<HTMLElement>(`${body} input:not([disabled]):not([type=hidden]), ${body} textarea:not([disabled])`);
        first?.focus();
      }}
      wrapClassName="ms-form-dialog"
      modalRender={(dom) => (
        <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish} clearOnDestroy>
          <ResetOnMount form={form} />
          {dom}
        </Form>
      )}
    >
      {children}
    </Modal>
  );
}

/**
 * Puts the initial values in again once the form is mounted. Without it, React's StrictMode
 * (development builds) unmounts and remounts the form once: `clearOnDestroy` empties the store and
 * the remount does not apply `initialValues` a second time, so the dialog opened blank.
 */
function ResetOnMount({ form }: { form: FormInstance }) {
  useLayoutEffect(() => form.resetFields(), [form]);
  return null;
}
