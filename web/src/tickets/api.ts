// The ticket API as the console calls it (docs/api.md "Tickets").
import { api } from '../api';
import type { ActionBody, ActionName, IntakeBody, Ticket, TicketDetail, TicketPage, TicketQuery } from './types';

export const ticketApi = {
  list: (query: TicketQuery, signal?: AbortSignal) =>
    api.get<TicketPage>('/api/tickets', query as Record<string, string | number | boolean | undefined>, signal),
  get: (id: number | string, signal?: AbortSignal) => api.get<TicketDetail>(`/api/tickets/${id}`, undefined, signal),
  intake: (body: IntakeBody) => api.post<Ticket>('/api/tickets', body),
  act: <A extends ActionName>(id: number, action: A, body: ActionBody<A>) =>
    api.post<Ticket & { created?: Ticket[]; orderId?: number }>(`/api/tickets/${id}/${action}`, body),
  reveal: (id: number, field: 'name' | 'phone' | 'idNumber') => api.post<{ field: string; value: string | null }>(`/api/tickets/${id}/reveal`, { field }),
};
