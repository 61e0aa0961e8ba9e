package org.presencegw.gateway.store;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.presencegw.sip.store.SubscriptionKey;

/**
 * The store writer's row ids ({@link IdTable}, package-private, hence this package) as a SUBSCRIBE ramp uses them:
 * a new subscription's key looked up (a miss) and put, an old one's removed, with {@code live} keys in the table
 * (90,000: 69 % of its 131,072 slots; 40,000: 61 % of 65,536). Keys shaped like sipp's: Call-ID
 * {@code <n>-<pid>@127.0.0.1}, a local tag of 8 hex digits (bench/FINDINGS.md, session 34).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdTableBench {

    @Param({"40000", "90000"})
    public int live;

    private IdTable table;
    private SubscriptionKey[] keys;
    private int next;

    @Setup
    public void fill() {
        keys = new SubscriptionKey[live * 4];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new SubscriptionKey(i + "-4711@127.0.0.1", String.format("%08x", i * 0x9E3779B1));
        }
        table = new IdTable();
        for (int i = 0; i < live; i++) {
            table.put(keys[i], i);
        }
        next = 0;
    }

    /** One new subscription (a missed lookup, then its put) and one ended (its removal): the size stays. */
    @Benchmark
    public long newAndEnded() {
        int n = next++;
        SubscriptionKey in = keys[(n + live) % keys.length];
        long was = table.get(in);
        table.put(in, n);
        table.remove(keys[n % keys.length]);
        return was;
    }
}
