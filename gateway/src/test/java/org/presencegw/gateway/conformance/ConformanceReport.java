package org.presencegw.gateway.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the conformance report (issue 10): one line per row of {@code docs/CONFORMANCE.md} with its result from
 * this build's test results (the surefire and failsafe XML reports of every module). A row's tests are the ones
 * named after its ID ({@code @DisplayName} containing e.g. {@code SUB-03}, or a range such as {@code TORT-01..25}).
 * Result: PASS (every such test ran and passed), FAIL (one failed, or no test is named after a row that applies),
 * N-A (the row does not apply; the reason is the table's), NOT-RUN (its tests were skipped, e.g. -DskipITs).
 * Run in the verify phase of the last module ({@code gateway/pom.xml}); {@code main(root, output)}.
 */
public final class ConformanceReport {

    private static final Pattern ROW = Pattern.compile("^\\| ([A-Z]+-\\d\\d) \\|(.*)\\|\\s*$");
    private static final Pattern DISPLAY = Pattern.compile("@DisplayName\\(\"([^\"]*)\"\\)");
    private static final Pattern METHOD = Pattern.compile("\\bvoid ([A-Za-z0-9_]+)\\(");
    private static final Pattern EXTENDS = Pattern.compile("\\bclass (\\w+) extends (\\w+)");
    private static final Pattern ID = Pattern.compile("([A-Z]+)-(\\d\\d)(?:\\.\\.(\\d\\d))?");
    private static final Pattern CASE = Pattern.compile("<testcase [^>]*?name=\"([^\"]*)\" classname=\"([^\"]*)\""
            + "[^>]*?(/>|>(.*?)</testcase>)", Pattern.DOTALL);

    record Row(String id, String level, String requirement, String documented, String notes) {
    }

    private ConformanceReport() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path out = args.length > 1 ? Path.of(args[1]) : root.resolve("target/conformance-report.md");
        List<Row> rows = rows(Files.readString(root.resolve("docs/CONFORMANCE.md")));
        Map<String, List<String>> tests = testsById(root);
        Map<String, String> results = results(root);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, render(rows, tests, results), StandardCharsets.UTF_8);
        System.out.println("conformance report: " + out);
    }

    /** Every row of the checklist tables, with the columns their header names. */
    static List<Row> rows(String doc) {
        List<Row> rows = new ArrayList<>();
        List<String> header = List.of();
        for (String line : doc.split("\n")) {
            if (line.startsWith("| ID |")) {
                header = cells(line).contains("Status") ? cells(line) : List.of();
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (!m.matches() || header.isEmpty()) {
                continue;
            }
            List<String> c = cells(line);
            Map<String, String> byName = new LinkedHashMap<>();
            for (int i = 0; i < Math.min(c.size(), header.size()); i++) {
                byName.put(header.get(i), c.get(i));
            }
            String requirement = byName.getOrDefault("Requirement", byName.getOrDefault("Messages (§)", ""));
            if (byName.containsKey("Expected")) {
                requirement = requirement + ": " + byName.get("Expected");
            }
            rows.add(new Row(m.group(1), byName.getOrDefault("Level", "MUST"), requirement,
                    byName.getOrDefault("Status", ""), byName.getOrDefault("Test / notes", "")));
        }
        return rows;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        for (String c : line.trim().replaceAll("^\\||\\|$", "").split("(?<!\\\\)\\|")) {
            out.add(c.trim());
        }
        return out;
    }

    /** Row ID to the tests ({@code Class#method}) whose display name names it, from every module's test sources. */
    static Map<String, List<String>> testsById(Path root) throws IOException {
        Map<String, List<String>> byId = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root, 12)) {
            sources = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("src/test/java"))
                    .toList();
        }
        Map<String, List<String>> subclasses = new TreeMap<>();
        for (Path source : sources) {
            Matcher e = EXTENDS.matcher(Files.readString(source));
            while (e.find()) {
                subclasses.computeIfAbsent(e.group(2), k -> new ArrayList<>()).add(e.group(1));
            }
        }
        for (Path source : sources) {
            String cls = source.getFileName().toString().replace(".java", "");
            String text = Files.readString(source);
            List<String> runs = text.contains("abstract class " + cls + " ") ? concrete(cls, subclasses) : List.of(cls);
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                Matcher d = DISPLAY.matcher(lines[i]);
                if (!d.find()) {
                    continue;
                }
                for (int j = i; j < Math.min(lines.length, i + 6); j++) {
                    Matcher m = METHOD.matcher(lines[j]);
                    if (m.find()) {
                        for (String id : ids(d.group(1))) {
                            for (String run : runs) {
                                byId.computeIfAbsent(id, k -> new ArrayList<>()).add(run + "#" + m.group(1));
                            }
                        }
                        break;
                    }
                }
            }
        }
        return byId;
    }

    /**
     * The classes whose test reports carry the methods of the abstract class {@code cls}: its subclasses, recursively
     * (an abstract case class runs once per XMPP server: {@code JabberPresenceIT} as {@code JabberPresenceProsodyIT}
     * and {@code JabberPresenceEjabberdIT}).
     */
    static List<String> concrete(String cls, Map<String, List<String>> subclasses) {
        List<String> children = subclasses.getOrDefault(cls, List.of());
        if (children.isEmpty()) {
            return List.of(cls);
        }
        List<String> out = new ArrayList<>();
        for (String child : children) {
            out.addAll(concrete(child, subclasses));
        }
        return out;
    }

    /** The IDs a display name names, ranges ({@code TORT-01..25}) expanded. */
    static List<String> ids(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = ID.matcher(text);
        while (m.find()) {
            int from = Integer.parseInt(m.group(2));
            int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
            for (int n = from; n <= to; n++) {
                out.add(String.format(Locale.ROOT, "%s-%02d", m.group(1), n));
            }
        }
        return out;
    }

    /** {@code Class#method} to PASS, FAIL or SKIPPED, over every module's surefire and failsafe reports. */
    static Map<String, String> results(Path root) throws IOException {
        Map<String, String> results = new TreeMap<>();
        List<Path> reports;
        try (Stream<Path> files = Files.walk(root, 5)) {
            reports = files.filter(p -> p.getFileName().toString().startsWith("TEST-")
                    && p.toString().endsWith(".xml") && p.toString().contains("-reports")).toList();
        }
        for (Path report : reports) {
            Matcher m = CASE.matcher(Files.readString(report));
            while (m.find()) {
                String cls = m.group(2).substring(m.group(2).lastIndexOf('.') + 1);
                String method = m.group(1).replaceAll("[(\\[{].*$", "").trim();
                String body = m.group(4) == null ? "" : m.group(4);
                String result = body.contains("<failure") || body.contains("<error") ? "FAIL"
                        : body.contains("<skipped") ? "SKIPPED" : "PASS";
                results.merge(cls + "#" + method, result, ConformanceReport::worse);
            }
        }
        return results;
    }

    private static String worse(String a, String b) {
        return a.equals("FAIL") || b.equals("FAIL") ? "FAIL" : a.equals("PASS") || b.equals("PASS") ? "PASS" : a;
    }

    static String render(List<Row> rows, Map<String, List<String>> tests, Map<String, String> results) {
        StringBuilder table = new StringBuilder();
        Map<String, Integer> counts = new TreeMap<>();
        for (Row row : rows) {
            List<String> named = tests.getOrDefault(row.id(), List.of());
            String[] verdict = verdict(row, named, results);
            counts.merge(verdict[0], 1, Integer::sum);
            table.append("| ").append(row.id()).append(" | ").append(row.level()).append(" | ")
                    .append(escape(row.requirement())).append(" | **").append(verdict[0]).append("** | ")
                    .append(row.documented()).append(" | ").append(escape(verdict[1])).append(" | ")
                    .append(String.join(", ", named)).append(" |\n");
        }
        StringBuilder out = new StringBuilder("# Conformance report\n\nWritten by the build (`mvn verify`) from "
                + "the test results and [docs/CONFORMANCE.md](../docs/CONFORMANCE.md) (how: `ConformanceReport`). "
                + "A row's tests are those named after its ID.\n\n| result | rows |\n|---|---|\n");
        counts.forEach((k, v) -> out.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        out.append("| total | ").append(rows.size()).append(" |\n\n")
                .append("| ID | level | requirement | result | documented | reason | tests |\n|---|---|---|---|---|---|---|\n")
                .append(table);
        return out.toString();
    }

    private static String[] verdict(Row row, List<String> named, Map<String, String> results) {
        if (row.documented().startsWith("N/A")) {
            return new String[] {"N-A", row.notes()};
        }
        if (named.isEmpty()) {
            return new String[] {"FAIL", "no test named after " + row.id() + " (documented " + row.documented()
                    + ": " + row.notes() + ")"};
        }
        List<String> failed = new ArrayList<>();
        int passed = 0;
        for (String t : named) {
            String r = results.getOrDefault(t, "NOT-RUN");
            if (r.equals("FAIL")) {
                failed.add(t);
            } else if (r.equals("PASS")) {
                passed++;
            }
        }
        if (!failed.isEmpty()) {
            return new String[] {"FAIL", "failed: " + String.join(", ", failed)};
        }
        if (passed == 0) {
            return new String[] {"NOT-RUN", "its tests did not run in this build"};
        }
        String partial = row.documented().startsWith("PASS") ? "" : "; documented " + row.documented() + ": "
                + row.notes();
        return new String[] {"PASS", passed + " of " + named.size() + " test(s) passed" + partial};
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
