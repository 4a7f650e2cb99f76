// Ticket shapes of the console, derived from the server's zod schemas (one source: the API's own
// contract in src/http/tickets/schemas.ts). Type-only imports: nothing of zod reaches the bundle.
import type { z } from 'zod';
import type { actionBodies, assignmentSchema, intakeBody, ticketDetailSchema, ticketSchema } from '../../../src/http/tickets/schemas';
import type { TicketAction } from '../../../src/domain/tickets/machine';

export type Ticket = z.infer<typeof ticketSchema>;
export type TicketDetail = z.infer<typeof ticketDetailSchema>;
export type Assignment = z.infer<typeof assignmentSchema>;
export type TicketEvent = TicketDetail['events'][number];
export type IntakeBody = z.infer<typeof intakeBody>;
export type ActionName = Exclude<TicketAction, 'reveal'>;
export type ActionBody<A extends ActionName> = z.input<(typeof actionBodies)[A]>;
export type { TicketAction };

/** GET /api/tickets query (src/http/tickets/console.ts). */
export interface TicketQuery {
  state?: string;
  type?: string;
  subjectId?: number;
  channel?: string;
  unitId?: number;
  assignmentState?: string;
  pending?: string;
  sentBack?: boolean;
  districtId?: number;
  overdue?: 'any' | '30d';
  slaLevel?: number;
  from?: string;
  to?: string;
  q?: string;
  phone?: string;
  sort?: 'acceptedAt' | '-acceptedAt' | 'dueAt' | '-dueAt' | 'unitDue';
  page?: number;
  pageSize?: number;
}

export interface TicketPage {
  total: number;
  items: Ticket[];
}
