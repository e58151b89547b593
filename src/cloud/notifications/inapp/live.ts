import type { Server as SocketServer } from 'socket.io';
import { AppError } from '../../../shared/errors.ts';
import { assertLiveAccount, assertLiveSession } from '../../auth/live-accounts.ts';
import { verifyAccessToken } from '../../auth/tokens.ts';
import type { CloudDeps } from '../../context.ts';

export const NOTIFICATIONS_NAMESPACE = '/notifications';
const room = (userId: string) => `user:${userId}`;

/**
 * Live in-app notifications over Socket.IO: namespace `/notifications`, authenticated with
 * the access token (`auth: { token }`); each socket joins its own account's room only, so
 * a user only ever receives their own. With REDIS_URL the rooms span every cloud instance
 * (@socket.io/redis-adapter): the instance that delivers a notification reaches a socket
 * connected to another (src/cloud/realtime.ts). A socket is closed when its token expires (it reconnects with a new one).
 */
export class LivePush {
  private constructor(private readonly io: SocketServer) {}

  /** Adds the namespace to the cloud's Socket.IO server (src/cloud/realtime.ts). */
  static attach(io: SocketServer, deps: CloudDeps): LivePush {
    const live = io.of(NOTIFICATIONS_NAMESPACE);
    live.use((socket, next) => {
      const token: unknown = socket.handshake.auth?.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        next(new Error('unauthorized: connect with auth: { token: <accessToken> }'));
        return;
      }
      verifyAccessToken(deps, token)
        .then(async ({ userId, sessionId }) => {
          await assertLiveAccount(deps, userId);
          // A token whose session ended (logout, password change) does not open a socket either.
          if (sessionId) await assertLiveSession(deps, sessionId);
          socket.data.userId = userId;
          next();
        })
        .catch((err: unknown) =>
          next(new Error(err instanceof AppError ? `unauthorized: ${err.message}` : 'unauthorized')),
        );
    });
    live.on('connection', (socket) => {
      void socket.join(room(socket.data.userId as string));
      // The token's end is the socket's end: a revoked session does not keep listening.
      const exp = expiryOf(socket.handshake.auth.token as string);
      if (exp) {
        const timer = setTimeout(
          () => socket.disconnect(true),
          Math.max(0, exp * 1000 - deps.now().getTime()),
        );
        timer.unref();
        socket.on('disconnect', () => clearTimeout(timer));
      }
    });
    return new LivePush(io);
  }

  /** Emits to every socket of the account, on every instance (with Redis). */
  push(userId: string, event: string, payload: unknown): void {
    this.io.of(NOTIFICATIONS_NAMESPACE).to(room(userId)).emit(event, payload);
  }

  /** Ends every socket; the HTTP server itself is closed by its owner (io.close() would wait on its keep-alives). */
  async close(): Promise<void> {
    this.io.of(NOTIFICATIONS_NAMESPACE).disconnectSockets(true);
  }
}

/** The `exp` claim of a JWT already verified (seconds), or null. */
function expiryOf(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload.exp === 'number' ? payload.exp : null;
  } catch {
    return null;
  }
}
