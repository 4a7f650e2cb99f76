// The actions the server says the user may take on a ticket now (`detail.actions`), as buttons that
// open each action's form (actions/index.ts) in a dialog. Used by the ticket page and the queues.
import { useEffect, useState } from 'react';
import { Button, Modal, Space, Tooltip, Typography } from 'antd';
import { ACTION_SPECS } from './actions';
import type { ActionName, Ticket, TicketDetail } from './types';

interface Props {
  ticket: TicketDetail;
  /** After an action: the ticket as it left it (reload the detail and the queue). */
  onDone: (ticket: Ticket & { created?: Ticket[]; orderId?: number }) => void;
  /** Only these actions (in this order), e.g. a queue's own step; default: all allowed. */
  only?: ActionName[];
  exclude?: ActionName[];
  size?: 'small' | 'middle';
  /** Opens an action's form from outside (a queue's Enter key); a new `at` opens it again. */
  openRequest?: { action: ActionName; at: number } | null;
  /** Said when the user may do nothing now (null: say nothing). */
  emptyText?: string | null;
}

/** The dialog's first field gets the focus (a checked choice first, else the first input). */
function focusFirstField() {
  const body = document.querySelector<HTMLElement>('.ms-ticket-action-dialog .ant-modal-body');
  if (!body) return;
  const active = document.activeElement;
  if (active && body.contains(active) && active.matches('input, textarea, button')) return;
  const first =
    body.querySelector<HTMLElement>('input[type=radio]:checked') ??
    body.querySelector<HTMLElement>('input:not([disabled]):not([type=hidden]), textarea:not([disabled])') ??
    body.querySelector<HTMLElement>('button[type=submit]');
  first?.focus();
}

export function TicketActions({ ticket, onDone, only, exclude = [], size = 'middle', openRequest, emptyText = '当前没有您可执行的操作' }: Props) {
  const [open, setOpen] = useState<ActionName | null>(null);
  const allowed = ticket.actions.filter((a): a is ActionName => a !== 'reveal');
  const names = (only ?? allowed).filter((a) => allowed.includes(a) && !exclude.includes(a));
  const spec = open ? ACTION_SPECS[open] : null;

  const requested = openRequest && names.includes(openRequest.action) ? openRequest : null;
  useEffect(() => {
    if (requested) setOpen(requested.action);
    // Only a new request opens the form (keyed by its action and instant).
  }, [requested?.action, requested?.at]);

  return (
    <>
      <Space wrap data-testid="ticket-actions">
        {names.map((name) => {
          const s = ACTION_SPECS[name];
          return (
            <Tooltip key={name} title={s.hint}>
              <Button size={size} data-testid={`action-${name}`} type={s.kind === 'primary' ? 'primary' : 'default'} danger={s.kind === 'danger'} onClick={() => setOpen(name)}>
                {s.label}
              </Button>
            </Tooltip>
          );
        })}
        {names.length === 0 && emptyText ? <Typography.Text type="secondary" data-testid="no-actions">{emptyText}</Typography.Text> : null}
      </Space>
      <Modal
        open={spec !== null}
        title={spec ? <span>{spec.label} · {ticket.number}<Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal', marginInlineStart: 8 }}>{spec.hint}</Typography.Text></span> : ''}
        width={spec?.width ?? 560}
        footer={null}
        destroyOnHidden
        onCancel={() => setOpen(null)}
        wrapClassName="ms-ticket-action-dialog"
        afterOpenChange={(visible) => {
          if (visible) focusFirstField();
        }}
      >
        {spec ? (
          <div
            data-testid={`action-form-${open}`}
            onKeyDown={(e) => {
              // Ctrl+Enter (⌘+Enter) submits from anywhere in the form, a text box included.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
              }
            }}
          >
            <spec.Form
              ticket={ticket}
              onCancel={() => setOpen(null)}
              onDone={(t) => {
                setOpen(null);
                onDone(t);
              }}
            />
          </div>
        ) : null}
      </Modal>
    </>
  );
}
