/**
 * A request made with an API key runs with `userId` set to `apikey:<keyId>:<orgId>`, so the
 * services, which authorize through membershipRole (orgs/access.ts), treat it as an ADMIN
 * of that one organization and as a stranger everywhere else (404), with no change to
 * their signatures. It never matches a user's id, so nothing "of the caller's own"
 * (orders, tickets, waitlist) is ever the key's.
 */
const PRINCIPAL = /^apikey:([^:]+):([^:]+)$/;

export function apiKeyPrincipal(key: { id: string; orgId: string }): string {
  return `apikey:${key.id}:${key.orgId}`;
}

/** The organization of an API-key principal, or null for a user's id. */
export function apiKeyOrg(userId: string): string | null {
  return PRINCIPAL.exec(userId)?.[2] ?? null;
}
