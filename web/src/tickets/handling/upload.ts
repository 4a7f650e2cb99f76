// Uploads one file to a ticket (POST /api/tickets/:id/attachments, multipart: the optional
// `assignmentId`, then `file`), reporting progress.
import { upload } from '../../api';

export interface UploadedAttachment {
  id: number;
  ticketId: number;
  assignmentId: number | null;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
}

export function uploadAttachment(ticketId: number, file: File, assignmentId: number | undefined, onProgress: (percent: number) => void, signal?: AbortSignal): Promise<UploadedAttachment> {
  return upload<UploadedAttachment>(`/api/tickets/${ticketId}/attachments`, {
    fields: assignmentId !== undefined ? { assignmentId: String(assignmentId) } : {}, file, onProgress, signal,
  });
}
