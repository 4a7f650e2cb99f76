// The actions the server says the user may take on a ticket now (`detail.actions`), as buttons that
// open each action's form (actions/index.ts) in a dialog. Used by the ticket page and the queues.
import { useState } from 'react';
import { Button, Modal, Space, Tooltip } from 'antd';
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
}

export function TicketActions({ ticket, onDone, only, exclude = [], size = 'middle' }: Props) {
  const [open, setOpen] = useState<ActionName | null>(null);
  const allowed = ticket.actions.filter((a): a is ActionName => a !== 'reveal');
  const names = (only ?? allowed).filter((a) => allowed.includes(a) && !exclude.includes(a));
  const spec = open ? ACTION_SPECS[open] : null;
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
      </Space>
      <Modal
        open={spec !== null}
        title={spec ? `${spec.label} · ${ticket.number}` : ''}
        width={spec?.width ?? 560}
        footer={null}
        destroyOnHidden
        onCancel={() => setOpen(null)}
      >
        {spec ? (
          <spec.Form
            ticket={ticket}
            onCancel={() => setOpen(null)}
            onDone={(t) => {
              setOpen(null);
              onDone(t);
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}
