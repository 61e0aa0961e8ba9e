package org.presencegw.sip.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Corpus-based fuzzing for jqwik properties: a committed corpus of seed inputs and random edits of them (byte
 * flips, inserted tokens that parsers care about, deleted, repeated and truncated ranges). jqwik shrinks a failing
 * input towards fewer, smaller edits; put the shrunk input into the corpus to keep it as a regression.
 */
public final class Mutations {

    /** Tokens that SIP, XML and YAML parsers treat specially. */
    private static final List<String> TOKENS = List.of("\r\n", "\r\n\r\n", "\n", ":", ";", ",", "<", ">", "\"",
            "\\", "%00", "%", "[", "]", "@", "@@", " ", "\t", "\u0000", "\u00ff", "\u00e9", "SIP/7.0", "SIP/2.0",
            "Content-Length: 5\r\n", "Content-Length: -1\r\n", "Call-ID: x\r\n", "CSeq: 99999999999999999999 X\r\n",
            "Via: SIP/2.0/TLS [::1\r\n", "sips:", "tel:", "<!DOCTYPE a [<!ENTITY b \"c\">]>", "&b;", "<![CDATA[",
            "]]>", "<x:y xmlns:x='z'>", "</presence>", "&#0;", "{", "}", "- ", "? ", "*a", "&a ", "!!binary ",
            "18446744073709551616", "-2147483649", "0x7f", "...", "---");

    private Mutations() {
    }

    /** One edit: what to do, where (a fraction of the length), and with what. */
    record Edit(int kind, double at, int length, int token, byte value) {
    }

    /** Seeds with 0 to {@code maxEdits} random edits each. */
    public static Arbitrary<byte[]> of(List<byte[]> corpus, int maxEdits) {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(1, 64),
                Arbitraries.integers().between(0, TOKENS.size() - 1), Arbitraries.bytes()).as(Edit::new);
        return Combinators.combine(Arbitraries.of(corpus), edit.list().ofMaxSize(maxEdits))
                .as(Mutations::apply);
    }

    /** {@code seed} with up to {@code maxEdits} random edits, for soak loops that need volume, not shrinking. */
    public static byte[] random(byte[] seed, int maxEdits, java.util.Random rnd) {
        List<Edit> edits = new ArrayList<>();
        for (int i = rnd.nextInt(maxEdits + 1); i > 0; i--) {
            edits.add(new Edit(rnd.nextInt(6), rnd.nextDouble(), 1 + rnd.nextInt(64), rnd.nextInt(TOKENS.size()),
                    (byte) rnd.nextInt(256)));
        }
        return apply(seed, edits);
    }

    /** {@code seed} with {@code edits} applied in order. */
    static byte[] apply(byte[] seed, List<Edit> edits) {
        byte[] b = seed.clone();
        for (Edit e : edits) {
            int at = (int) Math.min(b.length, Math.floor(e.at() * b.length));
            int end = Math.min(b.length, at + e.length());
            b = switch (e.kind()) {
                case 0 -> flip(b, at, e.value());
                case 1 -> splice(b, at, at, TOKENS.get(e.token()).getBytes(StandardCharsets.UTF_8));
                case 2 -> splice(b, at, end, new byte[0]);
                case 3 -> splice(b, at, at, java.util.Arrays.copyOfRange(b, at, end));
                case 4 -> java.util.Arrays.copyOf(b, at);
                default -> splice(b, at, end, TOKENS.get(e.token()).getBytes(StandardCharsets.UTF_8));
            };
        }
        return b;
    }

    private static byte[] flip(byte[] b, int at, byte value) {
        if (at < b.length) {
            b[at] = value;
        }
        return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    /** Every file of the class-path directory {@code resourceDir} (e.g. {@code /fuzz/sip}), by name. */
    public static List<byte[]> corpus(Class<?> anchor, String resourceDir) {
        try {
            Path dir = Path.of(anchor.getResource(resourceDir).toURI());
            List<byte[]> out = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString()
                        .startsWith(".") && !f.getFileName().toString().endsWith(".md")
                        && !f.getFileName().toString().endsWith(".tsv")).sorted().toList()) {
                    out.add(Files.readAllBytes(f));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no corpus at " + resourceDir, e);
        }
    }
}
