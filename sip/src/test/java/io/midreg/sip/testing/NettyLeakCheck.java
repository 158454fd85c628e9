package io.midreg.sip.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes Netty's leak detector (paranoid in surefire) fail tests instead of logging to the NOP
 * SLF4J logger, where nobody would see it. Installed before any ByteBuf class loads (the
 * extension is created before the test class runs), and checked after each test class: garbage
 * is collected and buffers allocated, so leaked buffers get reported.
 */
public final class NettyLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation") // abstract, so it must be implemented
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                    long maxActive) {
                return new RecordingDetector<>(resource, samplingInterval);
            }

            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
                return new RecordingDetector<>(resource, samplingInterval);
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        LEAKS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int round = 0; round < 5 && LEAKS.isEmpty(); round++) {
            System.gc();
            Thread.sleep(20);
            // Leaks are reported when the detector tracks a new buffer.
            List<ByteBuf> probes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                probes.add(PooledByteBufAllocator.DEFAULT.directBuffer(16));
                probes.add(PooledByteBufAllocator.DEFAULT.heapBuffer(16));
                probes.add(Unpooled.buffer(16));
            }
            probes.forEach(ByteBuf::release);
        }
        assertThat(LEAKS).as("ByteBuf leaks reported by Netty").isEmpty();
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true; // the default asks the (NOP) logger
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + " leak:" + records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType + " leak (untraced)");
        }
    }
}
