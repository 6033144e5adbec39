package org.rnn4j.layers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One fixture of {@code scripts/pytorch_golden.py} under {@code src/test/resources/golden/}: the settings, PyTorch's
 * parameters by PyTorch's names, the input, its lengths, the output and the gradients of {@code sum(output * R)}.
 */
final class GoldenFixture {
    final String cell;
    final int layers;
    final boolean bidirectional;
    final DataType type;
    final int[] lengths;
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, double[]> values = new HashMap<>();

    private GoldenFixture(Map<String, String> scalars) {
        cell = scalars.get("cell");
        layers = Integer.parseInt(scalars.get("layers"));
        bidirectional = Boolean.parseBoolean(scalars.get("bidirectional"));
        type = scalars.get("dtype").equals("float") ? DataType.FLOAT : DataType.DOUBLE;
        lengths = Arrays.stream(scalars.get("lengths").split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    static GoldenFixture load(String name) {
        try (InputStream in = GoldenFixture.class.getResourceAsStream("/golden/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture golden/" + name + " (run scripts/pytorch_golden.py)");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> scalars = new HashMap<>();
            Map<String, String[]> arrays = new HashMap<>();
            for (String line; (line = r.readLine()) != null; ) {
                String[] parts = line.split(" ", 2);
                if (parts[0].equals("input") || parts[0].equals("R") || parts[0].equals("output")
                        || parts[0].startsWith("weight_") || parts[0].startsWith("bias_")
                        || parts[0].startsWith("grad.")) {
                    arrays.put(parts[0], parts[1].split(" "));
                } else {
                    scalars.put(parts[0], parts[1]);
                }
            }
            GoldenFixture f = new GoldenFixture(scalars);
            for (var e : arrays.entrySet()) {
                String[] v = e.getValue();
                f.shapes.put(e.getKey(), Arrays.stream(v[0].split(",")).mapToLong(Long::parseLong).toArray());
                f.values.put(e.getKey(), Arrays.stream(v, 1, v.length).mapToDouble(Double::parseDouble).toArray());
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The named array in the fixture's type, C order. */
    INDArray get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException("fixture has no " + name);
        }
        return Nd4j.create(values.get(name), shapes.get(name), 'c').castTo(type);
    }

    /** The [N, T] mask of the lengths (right padding). */
    INDArray mask(int steps) {
        INDArray m = Nd4j.zeros(type, lengths.length, steps);
        for (int e = 0; e < lengths.length; e++) {
            for (int t = 0; t < lengths[e]; t++) {
                m.putScalar(e, t, 1);
            }
        }
        return m;
    }
}
