package org.presencegw.gateway.admin;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: the gateway's metrics ({@link GatewayCollector}) plus the JVM's and the process's (the
 * Prometheus client's {@code JvmMetrics}: memory, GC, threads, classes, CPU, open files, resident memory) in the
 * Prometheus text format 0.0.4. One registry per gateway, no global state.
 */
final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    Metrics(OperatorModel model) {
        registry.register(new GatewayCollector(model));
        JvmMetrics.builder().register(registry);
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }
}
