export type CodeCheck = 'ok' | 'wrong' | 'locked' | 'expired' | 'none';
/** Who asks for or tries a code: a browser with the phone's known-device mark (`isKnownDevice`), or any other. */
export type CodeClient = 'known' | 'any';

/** One live sign-in code per phone, kept only as hashes. */
export interface SignInCodes {
  /**
   * Stores a new code for the phone, issued at `now`, replacing any earlier one (and its tries),
   * unless the earlier one was issued less than `spacingSeconds` before `now`: false then, and
   * the earlier code stays. Decided in one conditional write, whatever runs at once. A code
   * `askedBy` a `known` browser is kept for such browsers (`check`).
   */
  issue(phoneKey: string, codeHash: string, now: Date, expiresAt: Date, spacingSeconds?: number, askedBy?: CodeClient): Promise<boolean>;
  /**
   * One try: counted before it is compared, so no more than `maxTries` comparisons are ever
   * made, whatever runs at once. `ok` uses the code up (a second `ok` is impossible); `none`
   * when there is no live code (never issued, or used). A live code a `known` browser asked for,
   * tried `from` any other: `wrong`, nothing compared and none of its tries spent, so strangers
   * cannot lock it.
   */
  check(phoneKey: string, codeHash: string, now: Date, maxTries: number, from?: CodeClient): Promise<CodeCheck>;
  /** Whether this is the phone's code still to be used: the last issued, not used, not expired. */
  isLive(phoneKey: string, codeHash: string, now: Date): Promise<boolean>;
  /** Whether the phone has a code still to be used, whichever: not used, not expired, not locked. */
  hasLive(phoneKey: string, now: Date, maxTries: number): Promise<boolean>;
  /**
   * A code whose sending failed, perhaps after it went out (a reply lost): if it is still the
   * phone's and unused, it no longer spaces the next one, so the phone may ask again at once, and
   * it still signs in should its SMS arrive after all.
   */
  release(phoneKey: string, codeHash: string): Promise<void>;
}
