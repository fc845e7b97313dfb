// Owns the User object Apps Script hands out (Session.getActiveUser(), Protection.getEditors()).

export class FakeUser {
  constructor(private readonly email: string) {}

  getEmail(): string {
    return this.email;
  }

  /** Deprecated in Apps Script but still answered: the part before the @. */
  getUsername(): string {
    return this.email.split('@')[0] ?? '';
  }

  toString(): string {
    return this.email;
  }
}
