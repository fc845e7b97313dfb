// Owns sheet and range protections (Sheet.protect(), Range.protect(), getProtections(type)). The current
// user always stays an editor — Apps Script silently keeps the owner and the person running the script
// when editors are removed — which is why protecting a column never locks the add-on itself out.
import type { Execution } from './execution.js';
import type { AnchoredArea } from './grid.js';
import type { FakeRange } from './range.js';
import type { FakeSheet } from './sheet.js';
import { FakeUser } from './users.js';

export type ProtectionKind = 'RANGE' | 'SHEET';

export interface ProtectionSpec {
  type: ProtectionKind;
  /** A1 of the protected range; for a sheet protection, the whole sheet. */
  range: string;
  description: string;
  warningOnly: boolean;
  editors: string[];
  unprotectedRanges: string[];
}

export class FakeProtection {
  private description = '';
  private warningOnly = false;
  private domainEdit = false;
  private readonly editors: Set<string>;
  private unprotected: AnchoredArea[] = [];
  removed = false;

  constructor(
    private readonly execution: Execution,
    readonly sheet: FakeSheet,
    readonly kind: ProtectionKind,
    private area: AnchoredArea | null,
  ) {
    this.editors = new Set([execution.userEmail]);
  }

  getProtectionType(): ProtectionKind {
    return this.kind;
  }

  getRange(): FakeRange {
    return this.area ? this.sheet.rangeOfArea(this.area) : this.sheet.wholeSheetRange();
  }

  setRange(range: FakeRange): this {
    if (this.kind === 'SHEET') throw this.execution.exception('A sheet protection cannot be given a range.');
    this.area = range.getSheet().anchor(range);
    return this;
  }

  getDescription(): string {
    return this.description;
  }

  setDescription(description: string): this {
    this.description = description;
    return this;
  }

  isWarningOnly(): boolean {
    return this.warningOnly;
  }

  setWarningOnly(warningOnly: boolean): this {
    this.warningOnly = warningOnly;
    return this;
  }

  canDomainEdit(): boolean {
    return this.domainEdit;
  }

  setDomainEdit(editable: boolean): this {
    this.domainEdit = editable;
    return this;
  }

  canEdit(): boolean {
    return this.warningOnly || this.editors.has(this.execution.userEmail);
  }

  getEditors(): FakeUser[] {
    return this.execution.bridge.array([...this.editors].map((email) => new FakeUser(email)));
  }

  addEditor(emailOrUser: string | FakeUser): this {
    this.editors.add(String(emailOrUser));
    return this;
  }

  addEditors(emails: (string | FakeUser)[]): this {
    for (const email of emails) this.editors.add(String(email));
    return this;
  }

  removeEditor(emailOrUser: string | FakeUser): this {
    return this.removeEditors([emailOrUser]);
  }

  removeEditors(emailsOrUsers: (string | FakeUser)[]): this {
    for (const entry of emailsOrUsers) {
      const email = String(entry);
      if (email !== this.execution.userEmail) this.editors.delete(email);
    }
    return this;
  }

  getUnprotectedRanges(): FakeRange[] {
    const live = this.unprotected.filter((area) => area.valid);
    return this.execution.bridge.array(live.map((area) => this.sheet.rangeOfArea(area)));
  }

  setUnprotectedRanges(ranges: FakeRange[]): this {
    if (this.kind === 'RANGE')
      throw this.execution.exception('Only a sheet protection has unprotected ranges.');
    this.unprotected = ranges.map((range) => this.sheet.anchor(range));
    return this;
  }

  getRangeName(): string | null {
    return null;
  }

  remove(): void {
    this.removed = true;
    this.sheet.forgetProtection(this);
  }

  /** Test helper (not Apps Script): is the cell covered by this protection and outside its exceptions? */
  covers(row: number, column: number): boolean {
    if (this.removed) return false;
    const inside = this.area ? this.area.contains(row, column) : true;
    return inside && !this.unprotected.some((area) => area.contains(row, column));
  }

  /** Test helper (not Apps Script): a plain description for assertions. */
  spec(): ProtectionSpec {
    return {
      type: this.kind,
      range: this.getRange().getA1Notation(),
      description: this.description,
      warningOnly: this.warningOnly,
      editors: [...this.editors],
      unprotectedRanges: this.unprotected
        .filter((area) => area.valid)
        .map((area) => this.sheet.rangeOfArea(area).getA1Notation()),
    };
  }
}
