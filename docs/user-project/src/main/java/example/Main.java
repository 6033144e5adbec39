package example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rnn4j.data.LabeledText;
import org.rnn4j.metrics.BinaryMetrics;
import org.rnn4j.model.SequenceClassifier;
import org.rnn4j.text.Vocabulary;
import org.rnn4j.training.FitOptions;

/** Trains a tiny sentiment classifier on sentences made up here, then saves and loads it. */
public final class Main {
    private Main() {
    }

    /** @param args optional: where to save the model (default target/tiny-sentiment.rnn4j) */
    public static void main(String[] args) throws Exception {
        String[] good = {"a wonderful film", "great acting and a great story", "i loved every minute",
            "beautiful and moving", "the best movie this year", "funny warm and clever", "a delightful surprise",
            "brilliant direction", "superb cast", "i would watch it again", "an excellent script",
            "charming from start to end", "truly inspiring", "a joy to watch", "the music was lovely",
            "strong performances all round", "smart and touching", "pure fun", "a great night out",
            "highly recommended"};
        String[] bad = {"a terrible film", "bad acting and a bad story", "i hated every minute",
            "dull and lifeless", "the worst movie this year", "boring stupid and slow", "a painful mess",
            "awful direction", "a weak cast", "i walked out", "a lazy script", "tedious from start to end",
            "truly annoying", "a chore to watch", "the music was grating", "wooden performances all round",
            "dumb and empty", "pure waste", "a wasted evening", "avoid it"};
        List<LabeledText> train = new ArrayList<>();
        for (int i = 0; i < good.length; i++) {
            train.add(new LabeledText(good[i], 1));
            train.add(new LabeledText(bad[i], 0));
        }

        Vocabulary vocab = SequenceClassifier.vocabularyOf(train);
        SequenceClassifier model = SequenceClassifier.builder(vocab).build();
        model.fit(train, null, FitOptions.builder().epochs(3).build());
        BinaryMetrics metrics = model.evaluate(train);
        System.out.printf("trained on %d sentences, %d parameters: training accuracy %.3f%n", train.size(),
                model.parameterCount(), metrics.accuracy());

        Path file = Path.of(args.length > 0 ? args[0] : "target/tiny-sentiment.rnn4j");
        Files.createDirectories(file.toAbsolutePath().getParent());
        model.save(file);
        SequenceClassifier loaded = SequenceClassifier.load(file);
        String review = "a wonderful and moving film";
        double before = model.predictProbability(review);
        double after = loaded.predictProbability(review);
        System.out.printf("saved to %s (%,d bytes) and loaded: P(positive | \"%s\") = %.4f before, %.4f after%n",
                file, Files.size(file), review, before, after);
        if (before != after) {
            throw new IllegalStateException("the loaded model predicts differently");
        }
    }
}
