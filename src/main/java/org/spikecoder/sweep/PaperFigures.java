package org.spikecoder.sweep;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.spikecoder.SpikecoderException;

/** The paper's sweeps as named grids, so `sweep --figure fig3` reproduces a figure in one command. */
public final class PaperFigures {
    private PaperFigures() {
    }

    /** Figure name -> (grid, fixed arguments). */
    private static final Map<String, String[][]> FIGURES = Map.of(
            "fig3", new String[][] {{"leak=0,0.01,0.05,0.1,0.2,0.3,0.5"}, {"--dataset", "mnist"}},
            "fig4-mask", new String[][] {{"mask=on,off"}, {"--dataset", "mnist"}},
            "fig4-steps", new String[][] {{"steps=5,10,15,20,30"}, {"--dataset", "mnist"}},
            "fig7a", new String[][] {{"hidden=64,196,400"}, {"--dataset", "mnist"}},
            "fig7c", new String[][] {{"steps=15,30,60"}, {"--dataset", "fashion-mnist", "--hidden", "512"}});

    public static SweepGrid grid(String figure, String command, List<String> extra) {
        String[][] f = FIGURES.get(figure);
        if (f == null) {
            throw new SpikecoderException("--figure must be one of " + String.join(", ", new Names()) + ", got '"
                    + figure + "'");
        }
        List<String> base = new ArrayList<>(List.of(f[1]));
        base.addAll(extra);
        return SweepGrid.parse(command, List.of(f[0]), base);
    }

    /** Completion candidates for --figure. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FIGURES.keySet().stream().sorted().iterator();
        }
    }
}
