// What every action form shares: submit the action with the version the user saw, put the server's
// 400 field errors under the inputs, and say plainly when someone else changed the ticket first.
import { useState } from 'react';
import type { ComponentType } from 'react';
import { App, Form } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api';
import { useApiError } from '../../hooks';
import { ticketApi } from '../api';
import type { ActionBody, ActionName, Ticket, TicketDetail } from '../types';

export interface ActionFormProps {
  ticket: TicketDetail;
  /** Called with the ticket as the action left it. */
  onDone: (ticket: Ticket & { created?: Ticket[]; orderId?: number }) => void;
  onCancel: () => void;
}

export interface ActionSpec {
  label: string;
  /** Shown on the button's tooltip and the dialog's header. */
  hint: string;
  /** The main path's actions are primary buttons; refusals and rarities are not. */
  kind?: 'primary' | 'default' | 'danger';
  /** The form, in a dialog opened by the action's button. Width of the dialog. */
  width?: number;
  Form: ComponentType<ActionFormProps>;
}

/**
 * A form's submit: posts `action` with the ticket's version, reports success, and on failure shows
 * the field errors under the inputs (aliases map a server field path to a form field name).
 */
export function useActionSubmit<A extends ActionName>(ticket: TicketDetail, action: A, onDone: ActionFormProps['onDone'], options: { success?: string; aliases?: Record<string, string> } = {}) {
  const [form] = Form.useForm();
  const [submitting, setSubmitting] = useState(false);
  const { message } = App.useApp();
  const showError = useApiError();
  const submit = async (body: Omit<ActionBody<A>, 'version'>) => {
    setSubmitting(true);
    try {
      const out = await ticketApi.act(ticket.id, action, { ...body, version: ticket.version } as ActionBody<A>);
      message.success(options.success ?? '操作成功');
      onDone(out);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') message.error('工单已被他人更新，已为您刷新，请核对后重试');
      showError(e, form as FormInstance, { aliases: options.aliases });
      if (e instanceof ApiError && e.code === 'version_conflict') onDone({ ...ticket, version: Number(e.details.version ?? ticket.version) });
    } finally {
      setSubmitting(false);
    }
  };
  return { form, submitting, submit };
}
