export type CodeCheck = 'ok' | 'wrong' | 'locked' | 'expired' | 'none';
/** Who asks for or tries a code: a browser with the phone's known-device mark (`isKnownDevice`), or any other. */
export type CodeClient = 'known' | 'any';

/**
 * A phone's live sign-in codes, kept only as hashes, in two slots: one for the codes browsers with
 * the phone's known-device mark ask for (`known`), one for those any other browser asks for
 * (`any`). A stranger who knows the number can neither replace nor space out the code the owner's
 * marked browser just asked for.
 */
export interface SignInCodes {
  /**
   * Stores a new code in the slot of the browser that `askedBy` (`any` by default), issued at
   * `now`, replacing the slot's earlier one (and its tries), unless an earlier one was issued less
   * than `spacingSeconds` before `now`: false then, and the earlier codes stay. A `known` browser's
   * code is spaced from the codes of its own slot only; any other from both slots' (so a stranger
   * cannot ask within the spacing after the owner's browser did). Decided in one conditional
   * write, whatever runs at once.
   */
  issue(phoneKey: string, codeHash: string, now: Date, expiresAt: Date, spacingSeconds?: number, askedBy?: CodeClient): Promise<boolean>;
  /**
   * One try: counted before it is compared, so no more than `maxTries` comparisons of a code are
   * ever made, whatever runs at once. `ok` uses the code up (a second `ok` is impossible); `none`
   * when there is no live code (never issued, or used). Tried `from` any browser without the mark,
   * only the `any` slot's code is compared: the `known` slot's is never, so strangers can neither
   * use nor lock it (a code a `known` browser asked for, kept from before the slots, is answered
   * `wrong`, none of its tries spent). Tried from a `known` browser, its own slot's code first, then
   * the other's (the owner may have got both by SMS).
   */
  check(phoneKey: string, codeHash: string, now: Date, maxTries: number, from?: CodeClient): Promise<CodeCheck>;
  /** Whether this is a code of the phone still to be used: the last issued in its slot, not used, not expired. */
  isLive(phoneKey: string, codeHash: string, now: Date): Promise<boolean>;
  /** Whether the phone has a code still to be used in either slot: not used, not expired, not locked. */
  hasLive(phoneKey: string, now: Date, maxTries: number): Promise<boolean>;
  /**
   * A code whose sending failed, perhaps after it went out (a reply lost): if it is still its
   * slot's and unused, it no longer spaces the next one, so the phone may ask again at once, and
   * it still signs in should its SMS arrive after all.
   */
  release(phoneKey: string, codeHash: string): Promise<void>;
}
