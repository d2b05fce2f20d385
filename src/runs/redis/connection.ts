/**
 * Connections to the Redis a remote sweep runs through: the URL checked and shown with its password masked,
 * the server reached once (or one clear error, never a hang) and checked for what BullMQ needs: Redis 6.2 or
 * newer and `maxmemory-policy noeviction`, since an evicted key would silently lose a job or its lock.
 */
import IORedis, { type Redis, type RedisOptions } from 'ioredis';
import { LossLabError, quote } from '../../core/errors';

/** How long a first connection may take before the command gives up with an error. */
const CONNECT_TIMEOUT_MS = 5000;
const MIN_VERSION = [6, 2, 0];

/** `url` with its password (and a user's name with it) replaced by `***`: safe to print, never to connect with. */
export function maskRedisUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i, (_, scheme: string, auth: string) =>
    auth.includes(':') ? `${scheme}${auth.slice(0, auth.indexOf(':') + 1)}***@` : `${scheme}***@`,
  );
}

/** Checks a `--redis` (or `lossLab.redisUrl`) value: redis:// or rediss:// with a host. */
export function checkRedisUrl(url: string, field = '--redis'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LossLabError(
      `${field} must be a URL like redis://[:password@]host:port[/db], got ${quote(maskRedisUrl(url))}`,
      { field },
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new LossLabError(`${field} must start with redis:// or rediss:// (TLS), got ${quote(maskRedisUrl(url))}`, {
      field,
    });
  if (!parsed.hostname) throw new LossLabError(`${field} names no host: ${quote(maskRedisUrl(url))}`, { field });
  if (parsed.pathname.length > 1 && !/^\/\d+$/.test(parsed.pathname))
    throw new LossLabError(`${field}: the database after the port must be a number, e.g. /0`, { field });
  return url;
}

/**
 * A connection for BullMQ: `maxRetriesPerRequest: null` as BullMQ requires (a blocked command waits for a
 * reconnection instead of failing), reconnecting with a capped backoff after a first connection succeeded.
 */
export function redisConnection(url: string, extra: RedisOptions = {}): Redis {
  return new IORedis(url, {
    maxRetriesPerRequest: null,
    connectTimeout: CONNECT_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    ...extra,
  });
}

function olderThan(version: string, min: readonly number[]): boolean {
  const v = version.split('.').map(Number);
  for (let i = 0; i < min.length; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) < min[i];
  return false;
}

function infoField(info: string, name: string): string | null {
  return new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1].trim() ?? null;
}

/**
 * Reaches the server once, without retrying, and checks it: the one line a user sees when Redis is down,
 * the password is wrong or the server would evict keys. Returns the server's version. `field`: where the
 * URL came from (a flag, or the setting in VS Code).
 */
export async function checkRedis(url: string, field = '--redis'): Promise<string> {
  const shown = maskRedisUrl(url);
  const probe = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  probe.on('error', () => {}); // reported by connect() below
  try {
    await probe.connect();
    const info = await probe.info();
    const version = infoField(info, 'redis_version') ?? '0';
    if (olderThan(version, MIN_VERSION))
      throw new LossLabError(`Redis at ${shown} is version ${version}; remote sweeps need Redis 6.2 or newer`);
    const policy = infoField(info, 'maxmemory_policy');
    if (policy !== null && policy !== 'noeviction')
      throw new LossLabError(
        `Redis at ${shown} has maxmemory-policy ${policy}, which may evict queued runs; set it to noeviction (redis-cli CONFIG SET maxmemory-policy noeviction, and in redis.conf)`,
      );
    return version;
  } catch (e) {
    if (e instanceof LossLabError) throw e;
    const reason = e instanceof Error ? e.message.replaceAll(url, shown) : String(e);
    throw new LossLabError(`cannot reach Redis at ${shown}: ${reason}`, { field });
  } finally {
    probe.disconnect();
  }
}
