package nepi.kernel.magic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MagicArgumentsTest {

    private static final MagicSyntax SYNTAX = new MagicSyntax("trace", "%trace GUID NAME [--tail N|--size]", "help",
            Map.of("--tail", true, "--size", false), List.of());

    @Test
    void splitsWordsOptionsAndQuotedPaths() throws Exception {
        MagicArguments args = MagicArguments.parse(" 3  'my file.json' --tail 10 --size", SYNTAX);
        assertThat(args.positional()).containsExactly("3", "my file.json");
        assertThat(args.option("--tail")).contains("10");
        assertThat(args.has("--size")).isTrue();
        assertThat(MagicArguments.parse("--tail=5", SYNTAX).option("--tail")).contains("5");
        assertThat(MagicArguments.parse("\"a b\"c", SYNTAX).positional()).containsExactly("a bc");
    }

    @Test
    void refusesBadOptionsWithTheUsage() {
        assertThatThrownBy(() -> MagicArguments.parse("--bogus", SYNTAX)).isInstanceOf(MagicUsageException.class)
                .hasMessage("%trace: unknown option --bogus; options: --size, --tail\nusage: %trace GUID NAME "
                        + "[--tail N|--size]");
        assertThatThrownBy(() -> MagicArguments.parse("--tail", SYNTAX)).hasMessageContaining("--tail needs a value");
        assertThatThrownBy(() -> MagicArguments.parse("--tail=", SYNTAX)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> MagicArguments.parse("--size=1", SYNTAX)).hasMessageContaining("takes no value");
        assertThatThrownBy(() -> MagicArguments.parse("--size --size", SYNTAX)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> MagicArguments.parse("'open", SYNTAX)).hasMessageContaining("not closed");
    }

}
