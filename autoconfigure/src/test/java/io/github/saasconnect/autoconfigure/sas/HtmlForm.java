package io.github.saasconnect.autoconfigure.sas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of an HTML form a script needs to submit it: where to, and its inputs. Good
 * enough for the pages Spring Security and Spring Authorization Server generate; not a
 * general HTML parser.
 *
 * @param name the form's {@code name} attribute, or {@code ""}
 * @param action the form's {@code action} attribute, or {@code ""}
 * @param inputs the form's {@code <input>} elements in document order
 */
record HtmlForm(String name, String action, List<Input> inputs) {

    private static final Pattern FORM =
            Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

    private static final Pattern ATTRIBUTE =
            Pattern.compile("([\\w:-]+)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+)))?");

    /**
     * Finds the forms submitted with {@code method="post"} in a page.
     * @param html the page
     * @return the forms in document order
     */
    static List<HtmlForm> postForms(String html) {
        List<HtmlForm> forms = new ArrayList<>();
        Matcher form = FORM.matcher(html);
        while (form.find()) {
            Map<String, String> attributes = attributes(form.group(1));
            if (!"post".equalsIgnoreCase(attributes.getOrDefault("method", "get"))) {
                continue;
            }
            List<Input> inputs = new ArrayList<>();
            Matcher input = INPUT.matcher(form.group(2));
            while (input.find()) {
                inputs.add(Input.of(attributes(input.group(1))));
            }
            forms.add(new HtmlForm(
                    attributes.getOrDefault("name", ""), attributes.getOrDefault("action", ""), List.copyOf(inputs)));
        }
        return forms;
    }

    /**
     * Tells whether the form has an input of this type.
     * @param type an input type such as {@code password}
     * @return whether such an input exists
     */
    boolean hasInput(String type) {
        return this.inputs.stream().anyMatch((input) -> input.type().equals(type));
    }

    /**
     * Returns the inputs of one type that a browser would submit (named, not disabled).
     * @param type an input type such as {@code hidden}
     * @return the matching inputs
     */
    List<Input> submittable(String type) {
        return this.inputs.stream()
                .filter((input) -> input.type().equals(type) && !input.name().isEmpty() && !input.disabled())
                .toList();
    }

    private static Map<String, String> attributes(String source) {
        Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Matcher attribute = ATTRIBUTE.matcher(source);
        while (attribute.find()) {
            String value = (attribute.group(2) != null)
                    ? attribute.group(2)
                    : (attribute.group(3) != null) ? attribute.group(3) : attribute.group(4);
            attributes.putIfAbsent(attribute.group(1), (value != null) ? unescape(value) : "");
        }
        return attributes;
    }

    private static String unescape(String value) {
        return value.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    /**
     * One {@code <input>} element.
     *
     * @param type the type in lower case, {@code text} when absent
     * @param name the name, or {@code ""}
     * @param value the value, or {@code ""}
     * @param disabled whether the input is disabled (and so never submitted)
     */
    record Input(String type, String name, String value, boolean disabled) {

        static Input of(Map<String, String> attributes) {
            return new Input(
                    attributes.getOrDefault("type", "text").toLowerCase(Locale.ROOT),
                    attributes.getOrDefault("name", ""),
                    attributes.getOrDefault("value", ""),
                    attributes.containsKey("disabled"));
        }
    }
}
