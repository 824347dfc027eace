package org.spikecoder.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import org.spikecoder.audiocoder.AudiocoderRecipe;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The help of a command whose defaults are not the preset's: the shared options (SnnOptions) say "(preset: 15)",
 * which is what train-ae uses; train-audiocoder applies its --recipe on top, so its help shows the recipe's values
 * there instead. Only the rendered text changes; the options themselves stay as declared.
 */
final class RecipeHelp {
    private RecipeHelp() {
    }

    /** Shows train-audiocoder's recipe defaults in {@code audiocoder}'s help. */
    static void install(CommandLine audiocoder) {
        Map<String, String> shown = audiocoderDefaults();
        show(audiocoder, name -> shown.get(name));
    }

    /** "(recipe fsdd: 30, paper: 60)" per option whose default a recipe sets. */
    static Map<String, String> audiocoderDefaults() {
        Map<String, Function<TrainConfig, Object>> fields = new LinkedHashMap<>();
        fields.put("--steps", TrainConfig::steps);
        fields.put("--epochs", TrainConfig::epochs);
        fields.put("--batch", TrainConfig::batchSize);
        fields.put("--lr", TrainConfig::learningRate);
        fields.put("--leak", TrainConfig::leak);
        fields.put("--weight-decay", TrainConfig::weightDecay);
        Map<AudiocoderRecipe, TrainConfig> configs = new LinkedHashMap<>();
        for (AudiocoderRecipe r : AudiocoderRecipe.values()) {
            configs.put(r, r.apply(Preset.PAPER.defaults().toBuilder(), Preset.PAPER).build());
        }
        Map<String, String> shown = new LinkedHashMap<>();
        fields.forEach((option, field) -> {
            StringJoiner text = new StringJoiner(", ", "(recipe ", ")");
            configs.forEach((r, c) -> text.add(r.cliName() + ": " + format(field.apply(c))));
            shown.put(option, text.toString());
        });
        return shown;
    }

    /** Replaces "(preset: ...)" in the help text of each option for which {@code shown} gives a text. */
    static void show(CommandLine cmd, Function<String, String> shown) {
        cmd.setHelpFactory((spec, scheme) -> new Help(spec, scheme) {
            @Override
            public IOptionRenderer createDefaultOptionRenderer() {
                IOptionRenderer base = super.createDefaultOptionRenderer();
                return (option, label, colours) -> base.render(rewrite(option, shown), label, colours);
            }
        });
    }

    private static OptionSpec rewrite(OptionSpec option, Function<String, String> shown) {
        String text = shown.apply(option.longestName());
        if (text == null) {
            return option;
        }
        String[] lines = option.description().clone();
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lines[i].replaceAll("\\(preset: [^)]*\\)", java.util.regex.Matcher.quoteReplacement(text));
        }
        return OptionSpec.builder(option).description(lines).build();
    }

    /** 5e-4 rather than 5.0E-4; whole numbers without a fraction. */
    static String format(Object v) {
        if (v instanceof Float f) {
            if (f == Math.rint(f) && Math.abs(f) < 1e6) {
                return Integer.toString((int) (float) f);
            }
            String s = Float.toString(f);
            int e = s.indexOf('E');
            if (e < 0) {
                return s;
            }
            String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
            return mantissa + "e" + s.substring(e + 1);
        }
        return String.valueOf(v);
    }
}
