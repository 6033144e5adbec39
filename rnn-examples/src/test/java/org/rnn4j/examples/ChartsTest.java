package org.rnn4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void lossCurvesWritesAPngAndNoTemporaryFile() throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        series.put("train", new double[] {2.4e7, 5800, 4900, 3900});
        series.put("validation", new double[] {2.5e7, 6100, 5200});
        Path png = dir.resolve("sub/loss.png");
        Charts.lossCurves(png, "loss", "epoch", series);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void lossCurvesWithGivenXReplaceAnExistingFile() throws IOException {
        Path png = dir.resolve("loss.png");
        Files.writeString(png, "old");
        Charts.lossCurves(png, "loss", "epoch", new double[] {10, 20}, Map.of("validation", new double[] {1, 0.5}));
        byte[] head = new byte[4];
        System.arraycopy(Files.readAllBytes(png), 0, head, 0, 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
    }

    @Test
    void predictedVsActualOverDates() throws IOException {
        Path png = dir.resolve("test.png");
        List<LocalDate> days = List.of(LocalDate.of(2023, 1, 9), LocalDate.of(2023, 1, 10),
                LocalDate.of(2023, 1, 11));
        Charts.predictedVsActual(png, "test", days, new double[] {10600, 10700, 10900},
                new double[] {10650, 10690, 10850});
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 0);
        Charts.predictedVsActual(dir.resolve("x.png"), "test", new double[] {1, 2}, new double[] {3, 4},
                new double[] {3.5, 4.5});
        assertTrue(Files.size(dir.resolve("x.png")) > 0);
    }

    @Test
    void badInputIsNamed() {
        Path png = dir.resolve("bad.png");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.lossCurves(png, "t", "epoch", Map.of()));
        assertTrue(e.getMessage().contains("no series"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Charts.lossCurves(png, "t", "epoch", Map.of("train", new double[] {1, Double.NaN})));
        assertTrue(e.getMessage().contains("series 'train'[1] is not finite: NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Charts.lossCurves(png, "t", "epoch", new double[] {1, 2, 3}, Map.of("v", new double[] {1})));
        assertTrue(e.getMessage().contains("'v' has 1 values but x has 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Charts.predictedVsActual(png, "t",
                List.of(LocalDate.of(2023, 1, 3)), new double[] {1, 2}, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("got 1 x values, 2 actual and 2 predicted"), e.getMessage());
        assertTrue(Files.notExists(png));
    }
}
