package dev.medallion.serving.speed.redis;

/**
 * The Lua scripts of the Redis speed view. Redis runs a script atomically, so each one is a single step no other
 * replica can interleave with: the offset check and every counter of an event, an eviction, a read of a minute
 * range, or a digest fold. Keys a script derives (per minute and series) share the prefix given as an argument.
 */
final class RedisScripts {
    private RedisScripts() {
    }

    /**
     * KEYS: offsets, minutes, minute hash, samples list, entries. ARGV: topic/partition ('' = no dedup), offset,
     * minute, series, late (1/0), latency, processing time, response time, revenue ('' = null).
     * Returns -1 when the position was applied already, else the number of unfolded samples of the series.
     */
    static final String ADD = """
            if ARGV[1] ~= '' then
              local seen = redis.call('HGET', KEYS[1], ARGV[1])
              if seen and tonumber(seen) >= tonumber(ARGV[2]) then return -1 end
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            end
            local s = ARGV[4]
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[3])
            if redis.call('HINCRBY', KEYS[3], 'n|' .. s, 1) == 1 then redis.call('INCR', KEYS[5]) end
            if ARGV[5] == '1' then redis.call('HINCRBY', KEYS[3], 'late|' .. s, 1) end
            if ARGV[6] ~= '' then
              redis.call('HINCRBY', KEYS[3], 'lat|' .. s, ARGV[6])
              redis.call('HINCRBY', KEYS[3], 'latn|' .. s, 1)
            end
            if ARGV[7] ~= '' then
              redis.call('HINCRBY', KEYS[3], 'proc|' .. s, ARGV[7])
              redis.call('HINCRBY', KEYS[3], 'procn|' .. s, 1)
            end
            if ARGV[9] ~= '' then
              redis.call('HINCRBYFLOAT', KEYS[3], 'rev|' .. s, ARGV[9])
              redis.call('HINCRBY', KEYS[3], 'revn|' .. s, 1)
            end
            if ARGV[8] ~= '' then return redis.call('RPUSH', KEYS[4], ARGV[8]) end
            return 0
            """;

    /** KEYS: minutes, entries. ARGV: prefix, minute. Drops every minute before it; returns how many. */
    static final String EVICT = """
            local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
            for _, m in ipairs(old) do
              local h = ARGV[1] .. 'm:' .. m
              local n = 0
              for _, f in ipairs(redis.call('HKEYS', h)) do
                if string.sub(f, 1, 2) == 'n|' then
                  local s = string.sub(f, 3)
                  n = n + 1
                  redis.call('DEL', ARGV[1] .. 's:' .. m .. ':' .. s, ARGV[1] .. 'd:' .. m .. ':' .. s)
                end
              end
              redis.call('DEL', h)
              redis.call('DECRBY', KEYS[2], n)
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
            return #old
            """;

    /**
     * KEYS: minutes. ARGV: prefix, from minute, to minute (exclusive). Returns per minute {minute, flat hash,
     * {{series, digest or '', samples}...}}: one consistent snapshot of the range.
     */
    static final String READ = """
            local out = {}
            for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[2], '(' .. ARGV[3])) do
              local h = redis.call('HGETALL', ARGV[1] .. 'm:' .. m)
              local per = {}
              for i = 1, #h, 2 do
                if string.sub(h[i], 1, 2) == 'n|' then
                  local s = string.sub(h[i], 3)
                  local d = redis.call('GET', ARGV[1] .. 'd:' .. m .. ':' .. s) or ''
                  table.insert(per, {s, d, redis.call('LRANGE', ARGV[1] .. 's:' .. m .. ':' .. s, 0, -1)})
                end
              end
              table.insert(out, {m, h, per})
            end
            return out
            """;

    /** KEYS: digest, samples. ARGV: how many samples. Returns {digest or '', the first samples}. */
    static final String READ_FOR_FOLD = """
            return {redis.call('GET', KEYS[1]) or '', redis.call('LRANGE', KEYS[2], 0, tonumber(ARGV[1]) - 1)}
            """;

    /**
     * KEYS: digest, samples. ARGV: the digest the fold started from ('' = none), the folded digest, number of
     * samples folded. Compare-and-set: stores the fold and trims the folded samples only if no other replica folded
     * in between (new samples are appended at the tail, so the head is what was read); returns 1, else 0.
     */
    static final String FOLD = """
            local cur = redis.call('GET', KEYS[1]) or ''
            if cur ~= ARGV[1] then return 0 end
            redis.call('SET', KEYS[1], ARGV[2])
            redis.call('LTRIM', KEYS[2], tonumber(ARGV[3]), -1)
            return 1
            """;
}
