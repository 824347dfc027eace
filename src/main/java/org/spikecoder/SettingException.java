package org.spikecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A failure whose message names settings, e.g. "learningRate must be a positive number, got -1.0". The library speaks
 * of the fields of its records and builders; a front end renders them in its own words: the command line as its
 * flags ("--lr must be a positive number, got -1.0"), through {@link #message(UnaryOperator)}.
 *
 * <p>The template marks each field as {@code {name}} and is otherwise a {@link String#format} pattern; its arguments
 * (values, paths) are inserted after the fields are named, so a path that happens to contain a brace or a field's
 * name is never rewritten.
 */
public class SettingException extends SpikecoderException {
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private final String template;
    private final Object[] args;

    /**
     * @param template e.g. {@code "{learningRate} must be a positive number, got %s"}
     * @param args     the template's format arguments
     */
    public SettingException(String template, Object... args) {
        super(render(template, args, UnaryOperator.identity()));
        this.template = template;
        this.args = args.clone();
    }

    /** As {@link #SettingException(String, Object...)}, caused by {@code cause}. */
    public SettingException(Throwable cause, String template, Object... args) {
        this(template, args);
        initCause(cause);
    }

    /**
     * A name for a template: a field ({@code "out"} becomes {@code "{out}"}) when it is one word, else literal text
     * (e.g. a label such as {@code "--out"} or {@code "worker folder"}).
     */
    public static String label(String nameOrText) {
        return WORD.matcher(nameOrText).matches() ? "{" + nameOrText + "}" : literal(nameOrText);
    }

    /** Text placed in a template as it is (its {@code %} escaped; braces around a word would still name a field). */
    public static String literal(String text) {
        return text.replace("%", "%%");
    }

    /** The fields the message names, in order of appearance. */
    public List<String> fields() {
        List<String> out = new ArrayList<>();
        Matcher m = FIELD.matcher(template);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The message with every field written as {@code name} gives it (e.g. a command-line flag). */
    public String message(UnaryOperator<String> name) {
        return render(template, args, name);
    }

    private static String render(String template, Object[] args, UnaryOperator<String> name) {
        Matcher m = FIELD.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            // a field's rendering is literal text in the format pattern: quote regex and format specials
            m.appendReplacement(sb, Matcher.quoteReplacement(name.apply(m.group(1)).replace("%", "%%")));
        }
        m.appendTail(sb);
        return String.format(Locale.ROOT, sb.toString(), args);
    }
}
