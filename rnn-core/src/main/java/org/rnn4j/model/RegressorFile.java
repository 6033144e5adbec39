package org.rnn4j.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rnn4j.data.StandardScaler;

/** What a {@link SequenceRegressor}'s model file holds besides the network and settings, and reading it back. */
final class RegressorFile {
    private static final String FEATURE_SCALER = "feature-scaler.properties";
    private static final String FEATURE_NAMES = "feature-names.txt";
    private static final String TARGET_SCALER = "target-scaler.properties";
    /** What files saved before a setting existed meant. */
    private static final Map<String, String> ADDED_SETTINGS = Map.of("targetForm", TargetForm.ABSOLUTE.name(),
            "targetFeature", "-1", "fusedLstm", "false", "initialization", Initialization.DL4J.name(),
            "windowLength", "0", "cell", Cell.LSTM.name());

    private RegressorFile() {
    }

    /** @return the text entries of a regressor's file: its scalers and feature names, where it has them */
    static Map<String, String> entries(StandardScaler featureScaler, StandardScaler targetScaler,
                                       List<String> featureNames) {
        Map<String, String> texts = new HashMap<>();
        if (featureScaler != null) {
            texts.put(FEATURE_SCALER, featureScaler.toText());
        }
        if (targetScaler != null) {
            texts.put(TARGET_SCALER, targetScaler.toText());
        }
        if (!featureNames.isEmpty()) {
            texts.put(FEATURE_NAMES, String.join("\n", featureNames) + "\n");
        }
        return texts;
    }

    static SequenceRegressor read(Path file) throws IOException {
        ModelArchive.Contents c = ModelArchive.read(file, SequenceRegressor.KIND);
        SequenceRegressor.Settings settings;
        long steps;
        try {
            settings = ModelArchive.fromProperties(SequenceRegressor.Settings.class, c.header(), ADDED_SETTINGS);
            steps = NetworkModel.trainedSteps(c.header());
        } catch (RuntimeException e) {
            throw new IOException("model file " + file + " has invalid settings (" + e + ")", e);
        }
        StandardScaler features = scaler(c, file, FEATURE_SCALER);
        StandardScaler targets = scaler(c, file, TARGET_SCALER);
        if (features != null && features.width() != settings.features()) {
            throw new IOException("model file " + file + " is corrupt: its feature scaler has width "
                    + features.width() + " but the model reads " + settings.features() + " features");
        }
        List<String> names = c.entries().containsKey(FEATURE_NAMES) ? c.text(file, FEATURE_NAMES).lines().toList()
                : List.of();
        if (!names.isEmpty() && names.size() != settings.features()) {
            throw new IOException("model file " + file + " is corrupt: it names " + names.size()
                    + " features but the model reads " + settings.features());
        }
        return new SequenceRegressor(settings, features, targets, names, c.network(file), steps);
    }

    private static StandardScaler scaler(ModelArchive.Contents c, Path file, String entry) throws IOException {
        if (!c.entries().containsKey(entry)) {
            return null;
        }
        try {
            return StandardScaler.fromText(c.text(file, entry));
        } catch (IllegalArgumentException e) {
            throw new IOException("model file " + file + " is corrupt: " + entry + " (" + e.getMessage() + ")", e);
        }
    }
}
