// The dispatch proposal: the catalogue's rule for the ticket's subject and area.
import type { Db } from '../../db/connection.js';

export interface DispatchFacts {
  subjectId: number | null;
  districtId: number | null;
  streetId: number | null;
  communityId: number | null;
  gridId: number | null;
}

export interface DispatchProposal {
  primaryUnitId: number;
  assistingUnitIds: number[];
  slaPolicyId: number | null;
  ruleId: number | null;
  /** Why, in Chinese, for the dispatcher's screen (e.g. 派单目录：市容环境 → 属地街道). */
  reason: string;
}

export async function proposeDispatch(_db: Db, _platformId: number, _facts: DispatchFacts): Promise<DispatchProposal | null> {
  // First version: no catalogue yet (the dispatch-catalogue work replaces this).
  return null;
}
