package io.cairn.monitoring.internal.console;

import static io.cairn.web.ConsoleContext.escape;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cairn.web.ConsoleContext;
import io.cairn.web.Role;

/**
 * HTML pieces of the plugin's console pages. Every value goes through {@link ConsoleContext#escape}
 * (rule names, SQL text and incident details come from users); the pages carry no script of their
 * own (the console's CSP allows only admin.web's {@code console.js}, which wires the
 * {@code data-api-post} buttons to the REST API with the CSRF token).
 */
final class Html {

    private Html() {
    }

    static void head(StringBuilder h, String... columns) {
        h.append("<table><thead><tr>");
        for (String c : columns) {
            h.append("<th>").append(escape(c)).append("</th>");
        }
        h.append("</tr></thead><tbody>");
    }

    /** One row; every cell escaped, null shown as empty. */
    static void row(StringBuilder h, Object... cells) {
        h.append("<tr>");
        for (Object c : cells) {
            h.append("<td>").append(c instanceof Raw r ? r.html : escape(c == null ? "" : String.valueOf(c))).append("</td>");
        }
        h.append("</tr>");
    }

    static void end(StringBuilder h) {
        h.append("</tbody></table>");
    }

    /** Markup built here from escaped parts (buttons, links), put into a cell as is. */
    record Raw(String html) {
    }

    /**
     * A button posting to {@code /api/v1<path>}: live for administrators; shown disabled to viewers
     * (the route refuses them anyway with 403, this only says so before they try).
     */
    static Raw action(ConsoleContext context, String path, String label, String confirm) {
        if (context.role() != Role.ADMIN) {
            return new Raw("<button type=\"button\" disabled title=\"administrators only\">" + escape(label) + "</button>");
        }
        return new Raw("<button type=\"button\" data-api-post=\"" + escape(path) + "\" data-confirm=\"" + escape(confirm)
                + "\">" + escape(label) + "</button><span class=\"action-result\"></span>");
    }

    static Raw link(String href, String label) {
        return new Raw("<a href=\"" + escape(href) + "\">" + escape(label) + "</a>");
    }

    static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A choice of links, the current one in bold. */
    static void choices(StringBuilder h, String label, String current, List<String> values, java.util.function.Function<String, String> href) {
        h.append("<p>").append(escape(label)).append(": ");
        boolean first = true;
        for (String v : values) {
            h.append(first ? "" : " | ");
            first = false;
            if (v.equals(current)) {
                h.append("<strong>").append(escape(v)).append("</strong>");
            } else {
                h.append("<a href=\"").append(escape(href.apply(v))).append("\">").append(escape(v)).append("</a>");
            }
        }
        h.append("</p>");
    }
}
