import type { WorkUnit } from '#shared/domain/work-unit';

/** The work units the center registered (爱心单位). */
export interface WorkUnits {
  register(unit: WorkUnit): Promise<void>;
  get(id: string): Promise<WorkUnit | undefined>;
  /** Units whose area is within `areaId` (every unit when absent), by area then id. */
  within(areaId?: string): Promise<WorkUnit[]>;
}
