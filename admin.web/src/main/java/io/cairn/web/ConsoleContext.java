package io.cairn.web;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** What a {@link ConsolePage} knows about the request it renders. */
@ProviderType
public interface ConsoleContext {

    String user();

    Role role();

    /** A query-string parameter of the page request. */
    Optional<String> query(String name);

    /** The CSRF token a page's forms and scripts must send back (field {@code _csrf} or header {@code X-CSRF-Token}). */
    String csrfToken();

    /** HTML-escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
