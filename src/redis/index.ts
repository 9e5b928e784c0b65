/**
 * Redis store for the decision handler's hot-audience cache (the `telcokit/redis` entry). Needs the
 * optional peer dependency `redis`, loaded only from here: importing `telcokit` never loads it.
 * @module redis
 */
export { createRedisAudienceCache, REDIS_PACKAGE } from './create-redis-audience-cache.js';
export type { RedisAudienceCache, RedisAudienceCacheOptions, RedisClientLike } from './create-redis-audience-cache.js';
