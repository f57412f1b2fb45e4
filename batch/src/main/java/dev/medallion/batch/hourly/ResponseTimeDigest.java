package dev.medallion.batch.hourly;

import com.tdunning.math.stats.MergingDigest;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

import java.nio.ByteBuffer;

/**
 * Spark aggregate building the t-digest of a group's response times, in the encoding the serving layer merges with
 * its speed-side digests: {@link MergingDigest} with compression {@value #COMPRESSION}, the bytes of
 * {@code asBytes(ByteBuffer)} ({@code MergingDigest.fromBytes} reads them). Null inputs are not values; a group
 * without any yields null. The buffer stays a live digest between rows (Spark serialises it only between stages).
 */
public final class ResponseTimeDigest extends Aggregator<Long, MergingDigest, byte[]> {

    public static final double COMPRESSION = 100;

    @Override
    public MergingDigest zero() {
        return new MergingDigest(COMPRESSION);
    }

    @Override
    public MergingDigest reduce(MergingDigest digest, Long value) {
        if (value != null) {
            digest.add(value);
        }
        return digest;
    }

    @Override
    public MergingDigest merge(MergingDigest a, MergingDigest b) {
        if (b.size() > 0) {
            a.add(b);
        }
        return a;
    }

    @Override
    public byte[] finish(MergingDigest digest) {
        if (digest.size() == 0) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
        digest.asBytes(buffer);
        return buffer.array();
    }

    @Override
    public Encoder<MergingDigest> bufferEncoder() {
        return Encoders.javaSerialization(MergingDigest.class);
    }

    @Override
    public Encoder<byte[]> outputEncoder() {
        return Encoders.BINARY();
    }
}
