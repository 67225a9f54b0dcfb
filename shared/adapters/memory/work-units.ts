import { isWithin } from '#shared/domain/area';
import type { WorkUnit } from '#shared/domain/work-unit';
import type { WorkUnits } from '#shared/ports/work-units';

export class MemoryWorkUnits implements WorkUnits {
  readonly units = new Map<string, WorkUnit>();

  async register(unit: WorkUnit): Promise<void> {
    if (this.units.has(unit.id)) throw new Error(`Work unit ${unit.id} exists`);
    this.units.set(unit.id, unit);
  }

  async get(id: string): Promise<WorkUnit | undefined> {
    return this.units.get(id);
  }

  async within(areaId?: string): Promise<WorkUnit[]> {
    const key = (u: WorkUnit) => `${u.areaId}/${u.id}`;
    return [...this.units.values()]
      .filter((u) => areaId === undefined || isWithin(u.areaId, areaId))
      .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  }
}
