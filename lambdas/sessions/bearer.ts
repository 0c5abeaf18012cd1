// The bearer transport of sessions: `Authorization: Bearer <token>` on every /api route.

/** The bearer token of an `Authorization` header, or `undefined` when there is none. */
export function bearerToken(authorization: string | undefined): string | undefined {
  // Bounded before the regex: an absurd header is no bearer token.
  if (authorization === undefined || authorization.length > 4096) return undefined;
  const match = authorization.match(/^\s*Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
