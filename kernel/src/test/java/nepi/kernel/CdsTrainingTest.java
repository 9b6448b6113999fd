package nepi.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scripted kernel run install/install.sh archives classes from. */
class CdsTrainingTest {

    @TempDir
    Path tmp;

    @Test
    void aTrainingRunSucceedsAndLeavesNoSocketDirectory() throws IOException {
        List<Path> before = trainingDirs();

        assertThat(CdsTraining.run()).isTrue();

        assertThat(trainingDirs()).isEqualTo(before);
    }

    @Test
    void theSocketDirectoryIsRemovedWithWhatIsInIt() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("sockets"));
        Files.createFile(dir.resolve("kernel-1"));
        Files.createFile(dir.resolve("kernel-2"));

        CdsTraining.delete(dir);

        assertThat(dir).doesNotExist();
    }

    private static List<Path> trainingDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("nepi-cds-training-"))
                    .sorted()
                    .toList();
        }
    }
}
