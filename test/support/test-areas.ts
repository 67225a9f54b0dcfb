/**
 * The demo tree cut to what the tests stand in: every district and street of 泰安市, and the
 * communities of the streets the demo teams and the tests use (about 200 areas rather than 3,878,
 * since each test file seeds its own table). Real codes all the same; `npm start`, the picker's
 * browser test of the whole city and the import test use the whole tree.
 */
import { type Area, parentId } from '#shared/domain/area';
import { demoAreas } from '#shared/seed/areas';
import { demoTeams } from '#shared/seed/teams';

/** 岱庙, 财源, 泰前 (泰山区) and 粥店 (岱岳区): where the tests' requests are. */
const TESTED_STREETS = ['370902001', '370902002', '370902003', '370911001'];

const streets = new Set([...TESTED_STREETS, ...demoTeams.map((t) => parentId(t.stationAreaId)!)]);

export const testAreas: readonly Area[] = demoAreas.filter((a) => a.level !== 'community' || streets.has(parentId(a.id)!));
