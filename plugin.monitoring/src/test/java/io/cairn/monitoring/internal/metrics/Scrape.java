package io.cairn.monitoring.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.MetricFamily;

/**
 * A scrape of an exposition, read twice: by Hawkular's Prometheus text-format parser (an
 * independent implementation) and by a strict line-by-line check of the 0.0.4 grammar that
 * parser is lenient about (HELP and TYPE once per family and before its samples, names, label
 * syntax and escapes, values).
 */
public final class Scrape {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") ((?:[^\\\\\\n]|\\\\\\\\|\\\\n)*)");
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|summary|histogram|untyped)");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(?:\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
    private static final Pattern VALUE = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?|\\.\\d+|Inf)|NaN");

    public final String text;
    /** Families as Hawkular's parser read them, by name. */
    public final Map<String, MetricFamily> families = new LinkedHashMap<>();
    /** Every sample line, as the strict check read it. */
    public final List<Line> lines = new ArrayList<>();

    /** One sample line: name, unescaped labels, value. */
    public record Line(String name, Map<String, String> labels, double value) {
    }

    public Scrape(String text) throws IOException {
        this.text = text;
        strictCheck();
        TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        for (MetricFamily f = parser.parse(); f != null; f = parser.parse()) {
            assertFalse(families.containsKey(f.getName()), "family " + f.getName() + " parsed twice");
            families.put(f.getName(), f);
        }
    }

    public static Scrape of(PrometheusExposition exposition) throws IOException {
        StringWriter out = new StringWriter();
        exposition.write(out);
        return new Scrape(out.toString());
    }

    /** Sample names (with _sum/_count for summaries), as a query would use them. */
    public Set<String> sampleNames() {
        Set<String> names = new HashSet<>();
        lines.forEach(l -> names.add(l.name()));
        return names;
    }

    /** The value of the one sample with this name and these labels (others ignored if absent from {@code labels}). */
    public double value(String name, Map<String, String> labels) {
        List<Line> found = lines.stream().filter(l -> l.name().equals(name)
                && l.labels().entrySet().containsAll(labels.entrySet())).toList();
        assertEquals(1, found.size(), name + labels + " in\n" + text);
        return found.get(0).value();
    }

    private void strictCheck() {
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the exposition ends with a line feed");
        Set<String> helped = new HashSet<>();
        Set<String> typed = new HashSet<>();
        Map<String, String> types = new LinkedHashMap<>();
        String current = null;
        Set<String> seriesSeen = new HashSet<>();
        for (String line : text.isEmpty() ? new String[0] : text.split("\n")) {
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                assertTrue(helped.add(m.group(1)), "one HELP per family: " + line);
                assertFalse(typed.contains(m.group(1)), "HELP comes before TYPE: " + line);
                current = m.group(1);
            } else if ((m = TYPE.matcher(line)).matches()) {
                assertTrue(typed.add(m.group(1)), "one TYPE per family: " + line);
                assertEquals(current, m.group(1), "TYPE follows its family's HELP: " + line);
                types.put(m.group(1), m.group(2));
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                String family = name.replaceAll("_(sum|count|bucket)$", "");
                boolean histogram = "histogram".equals(types.get(family));
                if (!histogram && (!"summary".equals(types.get(family)) || name.endsWith("_bucket"))) {
                    family = name;
                }
                assertEquals(current, family, "a sample belongs to the family whose HELP/TYPE precede it: " + line);
                assertTrue(typed.contains(family), "TYPE before samples: " + line);
                Map<String, String> labels = labels(m.group(2) == null ? "" : m.group(2), line);
                assertTrue(VALUE.matcher(m.group(3)).matches(), "value: " + line);
                assertTrue(seriesSeen.add(name + labels), "each series once: " + line);
                lines.add(new Line(name, labels, parse(m.group(3))));
            } else {
                fail("not a line of the text format 0.0.4: '" + line + "'");
            }
        }
    }

    private static Map<String, String> labels(String body, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            assertTrue(m.find(at) && m.start() == at, "label syntax at " + at + ": " + line);
            labels.put(m.group(1), unescape(m.group(2)));
            at = m.end();
        }
        return labels;
    }

    private static String unescape(String v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\') {
                char e = v.charAt(++i);
                b.append(e == 'n' ? '\n' : e);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static double parse(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }
}
