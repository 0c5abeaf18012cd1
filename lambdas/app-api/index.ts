// The app's backend API (issue 4): GET /api/me/status and GET /api/admin/overview, authenticated by the app's token.
export { AppApi, type AppApiRequest } from './api';
export type { AppApiAnswer } from './errors';
export { AppTokenError, TOKEN_RULES, bearerToken, readAppToken, verifyAppToken, type UnverifiedToken } from './token';
