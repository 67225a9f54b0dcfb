/** The volunteer credits on Maps: each (volunteer, request) earned and voided once, as the table's conditional writes do. */
import {
  checkStoredCreditRules,
  inheritedCreditRules,
  type CreditBalance,
  type CreditEntry,
  type CreditRuleOverrides,
  type CreditRules,
} from '#shared/domain/credit';
import { lineage } from '#shared/domain/area';
import { MergedElsewhereError, ValidationError } from '#shared/domain/errors';
import { volunteerIdOf } from '#shared/domain/volunteer';
import type {
  CreditAdjustment,
  CreditLedger,
  CreditRuleStore,
  LedgerLine,
  PickupCodes,
  Redemption,
  RequestCredit,
  StoredCreditRules,
} from '#shared/ports/credit-ledger';

export class MemoryCreditLedger implements CreditLedger, CreditRuleStore, PickupCodes {
  /** `<volunteerKey>|<requestId>` → what the request earned the volunteer. */
  readonly earned = new Map<string, CreditEntry>();
  readonly balances = new Map<string, CreditBalance>();
  readonly spent: Redemption[] = [];
  /** Idempotency key → the redemption as made under it (a merge moves the spent line, not this). */
  private readonly byKey = new Map<string, Redemption>();
  readonly voided = new Map<string, { entry: CreditEntry; reason: string; at: string }>();
  /** `<volunteerKey>|<requestId>` → staff corrections of what the request earned, in order. */
  readonly adjusted = new Map<string, CreditAdjustment[]>();
  /** `<volunteerKey>|<requestId>` of a line merged away → the ledger it went to. */
  private readonly mergedInto = new Map<string, string>();
  /** A guest's ledger a merge moved lines of → the person's it went to: it redeems nothing more (as the table's `mergingInto`). */
  private readonly mergingInto = new Map<string, string>();
  /** `<volunteerKey>|<requestId>` of a line a merge wrote before the ledger's owner posted the request (as the table's `unposted`). */
  private readonly unposted = new Set<string>();
  stored: StoredCreditRules = { values: {}, version: 0 };
  /** Areas' own rules, by area id. */
  readonly storedByArea = new Map<string, StoredCreditRules>();

  /** `voidedRequest`: whether a request is marked voided or withheld (its mark, or true), as the table's check of the request's item. */
  constructor(
    private readonly voidedRequest: (requestId: string) => boolean | { readonly at: string; readonly reason: string } | undefined = () =>
      false,
  ) {}

  async rules(areaId?: string): Promise<CreditRules> {
    return inheritedCreditRules(await this.storedRulesInLineage(areaId));
  }

  async storedRules(areaId?: string): Promise<StoredCreditRules> {
    return areaId ? (this.storedByArea.get(areaId) ?? { values: {}, version: 0 }) : this.stored;
  }

  async storedRulesInLineage(areaId?: string) {
    const areas = (areaId ? lineage(areaId) : []).flatMap((id) => {
      const stored = this.storedByArea.get(id);
      return stored ? [{ ...stored, areaId: id }] : [];
    });
    const deployment = this.stored.version > 0 || Object.keys(this.stored.values).length > 0 ? [this.stored] : [];
    return [...areas, ...deployment];
  }

  async saveRules(
    overrides: CreditRuleOverrides,
    change: { expectedVersion: number; at: string; by: string },
    areaId?: string,
  ): Promise<boolean> {
    const checked = checkStoredCreditRules(overrides);
    if ('issues' in checked) throw new ValidationError(checked.issues);
    if ((await this.storedRules(areaId)).version !== change.expectedVersion) return false;
    const saved = { values: overrides, version: change.expectedVersion + 1, updatedAt: change.at, updatedBy: change.by };
    if (areaId) this.storedByArea.set(areaId, saved);
    else this.stored = saved;
    return true;
  }

  async postAll(entries: readonly CreditEntry[]): Promise<Array<'posted' | 'already-posted' | 'voided'>> {
    const out: Array<'posted' | 'already-posted' | 'voided'> = [];
    for (const entry of entries) out.push(await this.post(entry));
    return out;
  }

  async post(entry: CreditEntry): Promise<'posted' | 'already-posted' | 'voided'> {
    const key = `${entry.volunteerKey}|${entry.requestId}`;
    if (this.voidedRequest(entry.requestId)) return 'voided';
    const there = this.earned.get(key);
    // A line a merge wrote before this posting holds the guest's credit alone: the posting adds to it, once,
    // unless voided there (as the table's line condition: new, or `unposted` and not `voided`).
    if (there && !this.unposted.has(key)) return 'already-posted';
    if (there && this.voided.has(key)) return 'voided';
    this.earned.set(
      key,
      there
        ? { ...there, minutes: there.minutes + entry.minutes, hours: there.hours + entry.hours, points: there.points + entry.points }
        : entry,
    );
    this.unposted.delete(key);
    const b = await this.balance(entry.volunteerKey);
    this.balances.set(entry.volunteerKey, {
      ...b,
      hours: b.hours + entry.hours,
      pointsEarned: b.pointsEarned + entry.points,
      balance: b.balance + entry.points,
    });
    return 'posted';
  }

  async balance(volunteerKey: string): Promise<CreditBalance> {
    return this.balances.get(volunteerKey) ?? { volunteerKey, hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 };
  }

  async history(volunteerKey: string): Promise<LedgerLine[]> {
    const earn = [...this.earned.values()]
      .filter((e) => e.volunteerKey === volunteerKey)
      .map((e): LedgerLine => ({ kind: 'earn', at: e.at, points: e.points, hours: e.hours, requestId: e.requestId, teamId: e.teamId }));
    const spend = this.spent
      .filter((s) => s.volunteerKey === volunteerKey)
      .map((s): LedgerLine => ({ kind: 'spend', at: s.at, points: s.points, item: s.item, pickupCode: s.pickupCode }));
    const voided = [...this.voided.values()]
      .filter((v) => v.entry.volunteerKey === volunteerKey)
      .map(
        ({ entry, reason, at }): LedgerLine => ({
          kind: 'void',
          at,
          points: entry.points,
          hours: entry.hours,
          requestId: entry.requestId,
          teamId: entry.teamId,
          reason,
        }),
      );
    const adjust = [...this.adjusted.values()]
      .flat()
      .filter((a) => a.volunteerKey === volunteerKey)
      .map(
        (a): LedgerLine => ({
          kind: 'adjust',
          at: a.at,
          points: a.points,
          hours: a.hours,
          requestId: a.requestId,
          teamId: a.teamId,
          reason: a.reason,
        }),
      );
    return [...earn, ...adjust, ...voided, ...spend].sort((a, b) => a.at.localeCompare(b.at));
  }

  async earnedFor(volunteerKey: string, requestId: string): Promise<CreditEntry | undefined> {
    return (await this.creditFor(volunteerKey, requestId))?.entry;
  }

  async creditFor(volunteerKey: string, requestId: string): Promise<RequestCredit | undefined> {
    const key = `${this.mergedInto.get(`${volunteerKey}|${requestId}`) ?? volunteerKey}|${requestId}`;
    const earned = this.earned.get(key);
    if (!earned) return undefined;
    const adjustments = this.adjusted.get(key) ?? [];
    const sum = (field: 'minutes' | 'hours' | 'points') =>
      Math.round(adjustments.reduce((total, a) => total + a[field], earned[field]) * 10_000) / 10_000;
    const entry: CreditEntry = {
      ...earned,
      minutes: sum('minutes'),
      hours: sum('hours'),
      points: sum('points'),
      ...(adjustments.length > 0 ? { adjustments: adjustments.length } : {}),
    };
    return { entry, voided: this.voided.has(key) };
  }

  async void(entry: CreditEntry, reason: string, at: string): Promise<'voided' | 'already-voided' | 'nothing-earned' | 'changed'> {
    const key = `${entry.volunteerKey}|${entry.requestId}`;
    // Merged into a person's since `entry` was read: read again there (as the table's line with `mergedInto`).
    if (!this.earned.has(key)) return this.mergedInto.has(key) ? 'changed' : 'nothing-earned';
    if (this.voided.has(key)) return 'already-voided';
    if ((this.adjusted.get(key)?.length ?? 0) !== (entry.adjustments ?? 0)) return 'changed';
    const { adjustments: _seen, ...standing } = entry;
    this.voided.set(key, { entry: standing, reason, at });
    this.shift(entry.volunteerKey, { hours: -entry.hours, earned: -entry.points, balance: -entry.points });
    return 'voided';
  }

  async adjust(adjustment: CreditAdjustment): Promise<'adjusted' | 'changed' | 'voided' | 'nothing-earned'> {
    const key = `${adjustment.volunteerKey}|${adjustment.requestId}`;
    if (!this.earned.has(key)) return 'nothing-earned';
    if (this.voided.has(key) || this.voidedRequest(adjustment.requestId)) return 'voided';
    const lines = this.adjusted.get(key) ?? [];
    if (lines.length >= adjustment.seq) return 'changed';
    this.adjusted.set(key, [...lines, adjustment]);
    this.shift(adjustment.volunteerKey, { hours: adjustment.hours, earned: adjustment.points, balance: adjustment.points });
    return 'adjusted';
  }

  private shift(key: string, d: { hours?: number; earned?: number; spent?: number; balance?: number }): void {
    const b = this.balances.get(key) ?? { volunteerKey: key, hours: 0, pointsEarned: 0, pointsSpent: 0, balance: 0 };
    this.balances.set(key, {
      ...b,
      hours: b.hours + (d.hours ?? 0),
      pointsEarned: b.pointsEarned + (d.earned ?? 0),
      pointsSpent: b.pointsSpent + (d.spent ?? 0),
      balance: b.balance + (d.balance ?? 0),
    });
  }

  async merge(fromKey: string, toKey: string, at: string): Promise<{ moved: number }> {
    if (fromKey === toKey) return { moved: 0 };
    // As on the table: a name's lines go to one person only.
    const into = this.mergingInto.get(fromKey);
    if (into !== undefined && into !== toKey) throw new MergedElsewhereError(volunteerIdOf(into));
    let moved = 0;
    // As on the table: a request voided on either ledger, or marked voided, is voided whole on the person's once merged.
    const requests = new Set([...this.earned.values()].filter((e) => e.volunteerKey === fromKey).map((e) => e.requestId));
    const voidedWhole = [...requests].filter(
      (r) => this.voided.has(`${toKey}|${r}`) || this.voided.has(`${fromKey}|${r}`) || this.voidedRequest(r),
    );
    const shift = (key: string, d: { hours?: number; earned?: number; spent?: number; balance?: number }) => this.shift(key, d);
    const sum = (a: CreditEntry | undefined, b: CreditEntry): CreditEntry =>
      a ? { ...a, minutes: a.minutes + b.minutes, hours: a.hours + b.hours, points: a.points + b.points } : { ...b, volunteerKey: toKey };
    for (const [key, entry] of [...this.earned]) {
      if (entry.volunteerKey !== fromKey) continue;
      const target = `${toKey}|${entry.requestId}`;
      this.earned.delete(key);
      this.mergedInto.set(key, toKey);
      if (!this.earned.has(target)) this.unposted.add(target);
      this.earned.set(target, sum(this.earned.get(target), entry));
      shift(toKey, { hours: entry.hours, earned: entry.points, balance: entry.points });
      shift(fromKey, { hours: -entry.hours, earned: -entry.points, balance: -entry.points });
      moved++;
    }
    for (const [key, lines] of [...this.adjusted]) {
      if (lines[0]?.volunteerKey !== fromKey) continue;
      const target = `${toKey}|${lines[0].requestId}`;
      this.adjusted.delete(key);
      // As on the table: the n-th correction adds to the person's n-th of the same request, if any.
      const there = [...(this.adjusted.get(target) ?? [])];
      lines.forEach((a, i) => {
        const same = there[i];
        there[i] = same
          ? { ...same, minutes: same.minutes + a.minutes, hours: same.hours + a.hours, points: same.points + a.points }
          : { ...a, volunteerKey: toKey };
      });
      this.adjusted.set(target, there);
      for (const a of lines) {
        shift(toKey, { hours: a.hours, earned: a.points, balance: a.points });
        shift(fromKey, { hours: -a.hours, earned: -a.points, balance: -a.points });
        moved++;
      }
    }
    for (const [key, voided] of [...this.voided]) {
      if (voided.entry.volunteerKey !== fromKey) continue;
      const target = `${toKey}|${voided.entry.requestId}`;
      this.voided.delete(key);
      this.voided.set(target, { ...voided, entry: sum(this.voided.get(target)?.entry, voided.entry) });
      shift(toKey, { hours: -voided.entry.hours, earned: -voided.entry.points, balance: -voided.entry.points });
      shift(fromKey, { hours: voided.entry.hours, earned: voided.entry.points, balance: voided.entry.points });
      moved++;
    }
    this.spent.forEach((s, i) => {
      if (s.volunteerKey !== fromKey) return;
      this.spent[i] = { ...s, volunteerKey: toKey };
      shift(toKey, { spent: s.points, balance: -s.points });
      shift(fromKey, { spent: -s.points, balance: s.points });
      moved++;
    });
    for (const requestId of voidedWhole) this.voidWhole(toKey, requestId, at);
    if (moved > 0 && !this.mergingInto.has(fromKey)) this.mergingInto.set(fromKey, toKey);
    return { moved };
  }

  /** The person's whole credit of a request voided: the void line brought to what stands, the balance lowered by the rest. */
  private voidWhole(volunteerKey: string, requestId: string, at: string): void {
    const key = `${volunteerKey}|${requestId}`;
    const earned = this.earned.get(key);
    if (!earned) return;
    const adjustments = this.adjusted.get(key) ?? [];
    const standing = (field: 'minutes' | 'hours' | 'points') => adjustments.reduce((total, a) => total + a[field], earned[field]);
    const prior = this.voided.get(key);
    const mark = this.voidedRequest(requestId);
    const why = prior ?? (typeof mark === 'object' ? mark : { at, reason: 'Credits voided' });
    const entry = { ...earned, minutes: standing('minutes'), hours: standing('hours'), points: standing('points') };
    this.voided.set(key, { entry, reason: why.reason, at: why.at });
    const hours = entry.hours - (prior?.entry.hours ?? 0);
    const points = entry.points - (prior?.entry.points ?? 0);
    this.shift(volunteerKey, { hours: -hours, earned: -points, balance: -points });
  }

  async redeem(redemption: Redemption): Promise<'redeemed' | 'insufficient' | 'code-taken' | 'key-used' | 'merged'> {
    if (redemption.idempotencyKey && this.byKey.has(redemption.idempotencyKey)) return 'key-used';
    if (this.mergingInto.has(redemption.volunteerKey)) return 'merged';
    const b = await this.balance(redemption.volunteerKey);
    if (b.balance < redemption.points) return 'insufficient';
    if (this.spent.some((s) => s.pickupCode === redemption.pickupCode)) return 'code-taken';
    this.balances.set(redemption.volunteerKey, {
      ...b,
      pointsSpent: b.pointsSpent + redemption.points,
      balance: b.balance - redemption.points,
    });
    this.spent.push(redemption);
    if (redemption.idempotencyKey) this.byKey.set(redemption.idempotencyKey, redemption);
    return 'redeemed';
  }

  async findRedemption(pickupCode: string): Promise<Redemption | undefined> {
    return this.spent.find((s) => s.pickupCode === pickupCode);
  }

  async findRedemptionByKey(idempotencyKey: string): Promise<Redemption | undefined> {
    return this.byKey.get(idempotencyKey);
  }
}
